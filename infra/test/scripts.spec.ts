// The scripts a city runs: secrets generation (compose and Kubernetes), the local token signer and
// the R3 streams script. Each runs for real (bash, openssl); the streams script against a stand-in
// `nats` CLI that records what it is asked to do.
import { execFileSync, spawnSync } from 'child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { parseAllDocuments } from 'yaml';

import { INFRA, K8S, read, yamlDocuments, yamlFile } from './support/files';
import { schemaErrors } from './support/kubernetes';

const GENERATE = join(INFRA, 'scripts', 'generate-secrets.sh');
const SIGN = join(INFRA, 'scripts', 'sign-token.sh');
const STREAMS = join(K8S, 'nats', 'create-streams.sh');

const work = mkdtempSync(join(tmpdir(), 'petition-infra-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (script: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync('bash', [script, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

function dotenv(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => {
        const [, name, value] = /^([A-Z_]+)=(.*)$/.exec(line)!;
        return [name, value.replace(/^'(.*)'$/, '$1')];
      }),
  );
}

const key32 = (value: string) => Buffer.from(value, 'base64').length === 32 && /^[A-Za-z0-9+/]{43}=$/.test(value);

describe('generate-secrets.sh compose and sign-token.sh', () => {
  const out = join(work, 'compose');
  let env: Record<string, string>;

  beforeAll(() => {
    const result = run(GENERATE, ['compose', '--out', out]);
    expect(result.stderr).toContain('wrote');
    expect(result.status).toBe(0);
    env = dotenv(join(out, '.env'));
  });

  test('writes every variable docker-compose.yml requires, with fresh passwords and 32-byte keys', () => {
    const compose = read(join(INFRA, 'docker-compose.yml'));
    const required = [...new Set([...compose.matchAll(/\$\{(\w+):\?[^}]*\}/g)].map((m) => m[1]))];
    expect(required.length).toBeGreaterThan(15);
    expect(required.filter((name) => !env[name])).toEqual([]);
    for (const [name, value] of Object.entries(env)) if (name.endsWith('_PASSWORD')) expect(value).toMatch(/^[0-9a-f]{48}$/);
    expect(
      new Set(
        Object.entries(env)
          .filter(([n]) => n.endsWith('_PASSWORD'))
          .map(([, v]) => v),
      ).size,
    ).toBe(11);
    expect(env.PII_KEYS).toMatch(/^k1:/);
    expect(key32(env.PII_KEYS.slice(3))).toBe(true);
    expect(key32(env.PII_INDEX_KEY)).toBe(true);
    expect(env.PII_INDEX_KEY).not.toBe(env.PII_KEYS.slice(3));
    expect(env.PII_ACTIVE_KEY).toBe('k1');
    expect(env.JWT_PUBLIC_KEY).toMatch(/^-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=]+-----END PUBLIC KEY-----$/);
    expect(statSync(join(out, '.env')).mode & 0o777).toBe(0o600);
    expect(statSync(join(out, '.secrets', 'jwt-private.pem')).mode & 0o777).toBe(0o600);
  });

  test('refuses to overwrite an existing .env', () => {
    const again = run(GENERATE, ['compose', '--out', out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('exists');
  });

  test('signs a token the services’ own verifier accepts (RS256, the env file’s audience and issuer)', async () => {
    const token = execFileSync(
      'bash',
      [
        SIGN,
        '--roles',
        'ADMIN,CLERK',
        '--jur',
        '3301',
        '--dept',
        'D-BUREAU',
        '--sub',
        'admin-1',
        '--key',
        join(out, '.secrets', 'jwt-private.pem'),
        '--env',
        join(out, '.env'),
      ],
      { encoding: 'utf8' },
    ).trim();
    const { createTokenVerifier } = jest.requireActual('@petition/auth');
    const verifier = createTokenVerifier({ audience: env.JWT_AUDIENCE, issuer: env.JWT_ISSUER, publicKeyPem: env.JWT_PUBLIC_KEY });
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({
      subject: 'admin-1',
      department: 'D-BUREAU',
      roles: ['ADMIN', 'CLERK'],
      jurisdiction: '3301',
      anonymous: false,
    });
    const other = createTokenVerifier({ audience: 'someone-else', issuer: env.JWT_ISSUER, publicKeyPem: env.JWT_PUBLIC_KEY });
    await expect(other.verify(`Bearer ${token}`)).rejects.toThrow();
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    expect(payload.exp - payload.iat).toBe(12 * 3600);
  });

  test('sign-token.sh refuses values it would have to escape', () => {
    const result = run(SIGN, ['--roles', 'ADMIN"}', '--key', join(out, '.secrets', 'jwt-private.pem')]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
  });
});

describe('generate-secrets.sh k8s', () => {
  const template = yamlDocuments(join(K8S, 'secrets.example.yaml')).map((d) => d.body);
  const shape = (secrets: any[]) => secrets.map((s) => `${s.metadata.name} ${s.type} ${Object.keys(s.stringData).sort().join(',')}`).sort();

  test('prints the template’s Secrets, same names, types and keys, with fresh values that agree with each other', () => {
    const result = run(GENERATE, ['k8s']);
    expect(result.status).toBe(0);
    const secrets = parseAllDocuments(result.stdout)
      .map((d) => d.toJS())
      .filter(Boolean);
    expect(shape(secrets)).toEqual(shape(template));
    expect(secrets.flatMap(schemaErrors)).toEqual([]);
    for (const s of secrets) {
      expect(s.metadata.labels).toEqual(template.find((t) => t.metadata.name === s.metadata.name).metadata.labels);
      if (s.stringData.uri) {
        const uri = new URL(s.stringData.uri);
        expect([uri.username, decodeURIComponent(uri.password)]).toEqual([s.stringData.username, s.stringData.password]);
        const templateUri = new URL(template.find((t) => t.metadata.name === s.metadata.name).stringData.uri);
        expect(`${uri.host}${uri.pathname}${uri.search}`).toBe(`${templateUri.host}${templateUri.pathname}${templateUri.search}`);
      }
    }
    const keys = secrets.find((s) => s.metadata.name === 'intake-keys').stringData;
    expect(key32(keys.PII_KEYS.replace(/^k1:/, ''))).toBe(true);
    expect(key32(keys.PII_INDEX_KEY)).toBe(true);
    expect(secrets.find((s) => s.metadata.name === 'petition-jwt').stringData.JWT_PUBLIC_KEY).toBe('');
  });

  test('--jwt-public-key puts the identity provider’s key in petition-jwt', () => {
    // Any RSA public key will do: the one generate-secrets.sh compose made above.
    const pem = join(work, 'idp.pem');
    execFileSync('bash', ['-c', `openssl pkey -in "${join(work, 'compose', '.secrets', 'jwt-private.pem')}" -pubout > "${pem}"`]);
    const result = run(GENERATE, ['k8s', '--jwt-public-key', pem]);
    expect(result.status).toBe(0);
    const jwt = parseAllDocuments(result.stdout)
      .map((d) => d.toJS())
      .find((s) => s?.metadata?.name === 'petition-jwt');
    expect(jwt.stringData.JWT_PUBLIC_KEY).toBe(readFileSync(pem, 'utf8'));
  });
});

describe('create-streams.sh (the R3 streams)', () => {
  // A stand-in for the nats CLI: logs its arguments; `stream info` knows the streams in $EXISTING.
  const bin = join(work, 'bin');
  const log = join(work, 'nats.log');
  beforeAll(() => {
    execFileSync('mkdir', ['-p', bin]);
    writeFileSync(
      join(bin, 'nats'),
      `#!/bin/sh\necho "$*" >> "${log}"\nif [ "$1 $2" = "stream info" ]; then case " $EXISTING " in *" $3 "*) exit 0 ;; *) exit 1 ;; esac; fi\nexit 0\n`,
    );
    chmodSync(join(bin, 'nats'), 0o755);
  });

  const streams = (prefix: string, existing = '') => {
    rmSync(log, { force: true });
    const result = spawnSync('sh', [STREAMS], {
      encoding: 'utf8',
      env: { PATH: `${bin}:${process.env.PATH}`, NATS_SUBJECT_PREFIX: prefix, EXISTING: existing },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return readFileSync(log, 'utf8').trim().split('\n');
  };

  const { EVENT_TYPES, sourceOf, streamName, ensureStream } = jest.requireActual('@petition/events');
  const sources: string[] = [...new Set<string>(EVENT_TYPES.map(sourceOf))];

  // What the services themselves would create (libs/events ensureStream), captured from a stand-in JetStream manager.
  const serviceConfig = async (prefix: string, source: string, existing?: object) => {
    const calls: { op: string; config: any }[] = [];
    const jsm = {
      streams: {
        info: async () => {
          if (!existing) throw new Error('stream not found');
          return { config: existing };
        },
        add: async (config: any) => calls.push({ op: 'add', config }),
        update: async (_: string, config: any) => calls.push({ op: 'update', config: { ...existing, ...config } }),
      },
    };
    await ensureStream(jsm, prefix, source);
    return calls[0];
  };

  test.each(['', 'prod.'])(
    'prefix "%s": one stream per publishing service, named, bound and configured as the services do, R3',
    async (prefix) => {
      const calls = streams(prefix);
      expect(calls[0]).toBe('account info');
      const adds = calls.filter((c) => c.startsWith('stream add '));
      expect(adds).toHaveLength(sources.length);
      for (const source of sources) {
        const { config } = await serviceConfig(prefix, source);
        const add = adds.find((a) => a.startsWith(`stream add ${streamName(prefix, source)} `));
        expect(add).toBeDefined();
        const flag = (name: string) => new RegExp(`--${name} (\\S+)`).exec(add!)?.[1];
        expect(flag('subjects')).toBe(config.subjects[0]);
        expect(flag('storage')).toBe(config.storage);
        expect(flag('retention')).toBe(config.retention);
        expect(flag('discard')).toBe(config.discard);
        expect(flag('dupe-window')).toBe(`${config.duplicate_window / 60e9}m`);
        expect(flag('replicas')).toBe('3');
      }
    },
  );

  test('an existing stream is raised to three replicas, not recreated', () => {
    const calls = streams('', 'INTAKE CASE');
    expect(calls).toContain('stream edit INTAKE --replicas 3 --force');
    expect(calls).toContain('stream edit CASE --replicas 3 --force');
    expect(calls.filter((c) => c.startsWith('stream add '))).toHaveLength(sources.length - 2);
  });

  // Known defect, outside infra/: a service that starts updates its stream with num_replicas 1
  // (libs/events/src/streams.ts), undoing the R3 this script sets. When ensureStream keeps the
  // existing replica count, this test fails: make it an ordinary test() then (docs/deploy.md).
  test('a service starting keeps the R3 of an existing stream', async () => {
    const update = await serviceConfig('', 'intake', { name: 'INTAKE', subjects: ['intake.>'], num_replicas: 3 });
    expect(update.config.num_replicas).toBe(3);
  });

  test('the Job and docker compose run this very script', () => {
    const nats = yamlFile(join(K8S, 'nats', 'kustomization.yaml'));
    expect(nats.configMapGenerator[0].files).toEqual(['create-streams.sh']);
    expect(read(join(INFRA, 'docker-compose.yml'))).toContain('./k8s/nats/create-streams.sh:/scripts/create-streams.sh:ro');
  });
});
