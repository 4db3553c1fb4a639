import { generateKeyPairSync } from 'crypto';
import { readFileSync } from 'fs';
import type { IncomingMessage, Server, ServerResponse } from 'http';
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';

import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { importPKCS8, SignJWT } from 'jose';

import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '@petition/auth';
import { gatewayEnvironmentSpec, parseGatewayEnvironment, startGateway, type GatewayRuntime } from '@petition/gateway';
import { createLogger, DEFAULT_REQUEST_LIMITS, limitViolation, measureOperation } from '@petition/service-kit';

import { letter, REGISTER, seedDepartments } from '../src/fixtures';
import type { Platform } from '../src/harness';
import { composedSupergraph, startPlatform, token, waitFor } from '../src/harness';

// The gateway and every subgraph refuse abuse before planning or executing anything: too deep,
// too many aliases, too costly, pages too large, bodies too large, batches too large, too fast,
// forged cross-site requests, and any caller without a token asking for more than the tracking
// query. Each refusal is a coded GraphQL error with a Chinese message, the right HTTP status and
// the request id, and a refused mutation writes nothing.
describe('gateway hardening: limits, batches, rate, anonymous callers, production mode', () => {
  let p: Platform;
  let admin: string, clerk: string, supervisor: string;
  let tracking: { trackingNumber: string; accessCode: string };
  const root = join(__dirname, '..', '..');

  type Answer = {
    status: number;
    headers: Headers;
    body: any;
  };

  async function post(
    url: string,
    body: unknown,
    options: { token?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: JSON.parse(text) };
  }

  /** One coded refusal: status, code, a Chinese message ending in the code, the request id, no data. */
  function refused(answer: Answer, status: number, code: string) {
    expect({ status: answer.status, code: answer.body.errors?.[0]?.extensions?.code }).toEqual({ status, code });
    const error = answer.body.errors[0];
    expect(error.message).toMatch(new RegExp(`[\\u4e00-\\u9fa5].*\\(${code}\\)$`));
    expect(error.extensions.requestId).toBe(answer.headers.get('x-request-id'));
    for (const value of Object.values(answer.body.data ?? {})) expect(value).toBeNull();
    return error as { message: string; extensions: Record<string, unknown> };
  }

  async function intakeState() {
    const [row] = await p.intake.dataSource.query(`SELECT
      (SELECT count(*)::int FROM intake.petition) AS petitions,
      (SELECT count(*)::int FROM intake.petitioner) AS petitioners,
      (SELECT count(*)::int FROM intake.outbox) AS outbox,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM intake.petition t) AS rows`);
    return row as Record<string, unknown>;
  }

  /** Runs the attack and asserts intake holds exactly what it held before. */
  async function nothingWritten(attack: () => Promise<void>) {
    const before = await intakeState();
    await attack();
    expect(await intakeState()).toEqual(before);
  }

  const urls = () => ({ gateway: p.gateway.url, intake: p.intake.url, case: p.case.url });
  const subgraphUrls = () => ({
    INTAKE_URL: p.intake.url,
    CASE_URL: p.case.url,
    HOTSPOT_URL: p.hotspot.url,
    RECEPTION_URL: p.reception.url,
    ASSESSMENT_URL: p.assessment.url,
  });

  beforeAll(async () => {
    p = await startPlatform();
    admin = await token({ roles: ['ADMIN'], jurisdiction: '33' });
    clerk = await token({ roles: ['CLERK'], department: 'D-BUREAU', subject: 'clerk-1' });
    supervisor = await token({ roles: ['SUPERVISOR'], department: 'D-BUREAU', subject: 'supervisor-1' });
    await seedDepartments(p, admin);
    const registered = await p.gql(clerk, REGISTER, { input: letter() });
    expect(registered.errors).toBeUndefined();
    tracking = registered.data.registerPetition;
    await waitFor('outbox drained', async () => (await p.intake.relay.backlog()) === 0);
  });
  afterAll(() => p?.stop());

  // ---- limits on the operation, before planning (gateway) and execution (subgraph) -----------------

  const nest = (levels: number, open: string[], leaf: string) => {
    let q = leaf;
    for (let i = levels - 1; i >= 0; i--) q = `${open[i % open.length]} { ${q} }`;
    return q;
  };

  it('a query 14 levels deep → QUERY_TOO_DEEP (400) at the gateway and at the case subgraph, fragments followed', async () => {
    const deep = `query($id: ID!) { case(id: $id) { ${nest(12, ['petition', 'case'], 'id')} } }`;
    for (const url of [p.gateway.url, p.case.url]) {
      const error = refused(await post(url, { query: deep, variables: { id: 'x' } }, { token: supervisor }), 400, 'QUERY_TOO_DEEP');
      expect(error.message).toContain('最多 12 层');
    }
    // The same depth hidden in named and inline fragments.
    const viaFragments = `query($id: ID!) { case(id: $id) { ...A } }
      fragment A on Case { petition { case { ... on Case { petition { ...B } } } } }
      fragment B on Petition { case { petition { case { petition { case { petition { case { petition { id } } } } } } } } }`;
    refused(await post(p.gateway.url, { query: viaFragments, variables: { id: 'x' } }, { token: supervisor }), 400, 'QUERY_TOO_DEEP');
    // Control: 12 levels answer.
    const ok = await post(
      p.gateway.url,
      { query: `query($id: ID!) { case(id: $id) { ${nest(10, ['petition', 'case'], 'id')} } }`, variables: { id: 'x' } },
      { token: supervisor },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });

  it('a fragment cycle is refused by validation at once, never walked forever', async () => {
    const cycle = `{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`;
    for (const url of Object.values(urls())) {
      const r = await post(url, { query: cycle }, { token: supervisor });
      expect([r.status, r.body.errors[0].extensions.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    }
  });

  it('500 aliases of one field → TOO_MANY_ALIASES (400) at the gateway and at intake', async () => {
    const bomb = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: categories { code name }`).join(' ')} }`;
    for (const url of [p.gateway.url, p.intake.url]) refused(await post(url, { query: bomb }, { token: clerk }), 400, 'TOO_MANY_ALIASES');
  });

  it('40 aliased registerPetition mutations → TOO_MANY_ALIASES, nothing registered', async () => {
    const fields = Array.from({ length: 40 }, (_, i) => `r${i}: registerPetition(input: $input) { trackingNumber }`).join(' ');
    await nothingWritten(async () => {
      for (const url of [p.gateway.url, p.intake.url]) {
        refused(
          await post(
            url,
            { query: `mutation($input: RegisterPetitionInput!) { ${fields} }`, variables: { input: letter() } },
            { token: clerk },
          ),
          400,
          'TOO_MANY_ALIASES',
        );
      }
    });
  });

  it('nested lists → QUERY_TOO_COMPLEX (400): hotspots × members × cases × timeline at the gateway, _entities × cases × timeline at case', async () => {
    const gatewayBomb = `{ hotspots(first: 100) { edges { node { petitions(first: 200) { petition { cases { timeline { at action detail } replies { outcome body } } } } } } } }`;
    const error = refused(await post(p.gateway.url, { query: gatewayBomb }, { token: supervisor }), 400, 'QUERY_TOO_COMPLEX');
    expect(error.message).toMatch(/估算开销 \d+，最多 \d+/);
    const caseBomb = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Petition { cases { timeline { at } deadlines { kind } replies { body } appeals { reason } supervisions { id } petition { cases { timeline { at } } } } } } }`;
    // One entity per representation: 200 petitions' cases, each with its lists.
    const representations = Array.from({ length: 200 }, (_, i) => ({
      __typename: 'Petition',
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));
    refused(
      await post(p.case.url, { query: caseBomb, variables: { r: representations } }, { token: supervisor }),
      400,
      'QUERY_TOO_COMPLEX',
    );
  });

  it('first: 10000 → PAGE_TOO_LARGE (400), as a literal and as a variable, at the gateway and at the subgraphs', async () => {
    const literal = `{ petitions(first: 10000) { totalCount } }`;
    const variable = `query($n: Int) { petitions(first: $n) { totalCount } }`;
    const defaulted = `query($n: Int = 10000) { cases(first: $n) { totalCount } }`;
    for (const [url, query, variables] of [
      [p.gateway.url, literal, {}],
      [p.gateway.url, variable, { n: 10000 }],
      [p.gateway.url, defaulted, {}],
      [p.intake.url, literal, {}],
      [p.intake.url, variable, { n: 10000 }],
      [p.case.url, defaulted, {}],
    ] as const) {
      const error = refused(await post(url, { query, variables }, { token: supervisor }), 400, 'PAGE_TOO_LARGE');
      expect(error.extensions).toMatchObject({ field: 'first', limit: 200 });
    }
    // Control: a page the services allow answers.
    const ok = await post(p.gateway.url, { query: variable, variables: { n: 100 } }, { token: supervisor });
    expect(ok.body.errors).toBeUndefined();
  });

  // ---- the body, batches, the rate ------------------------------------------------------------------

  it('a 2 MB body → HTTP 413 PAYLOAD_TOO_LARGE at the gateway and at intake, a 2 MB registration writes nothing', async () => {
    const huge = letter({ summary: '拆'.repeat(700_000) }); // 2.1 MB in UTF-8
    await nothingWritten(async () => {
      for (const url of [p.gateway.url, p.intake.url]) {
        refused(await post(url, { query: REGISTER, variables: { input: huge } }, { token: clerk }), 413, 'PAYLOAD_TOO_LARGE');
        refused(await post(url, 'x'.repeat(2_000_000), { token: null }), 413, 'PAYLOAD_TOO_LARGE');
      }
    });
    // The connection was not left in a bad state: the next request on a fresh one answers.
    expect((await p.gql(clerk, '{ categories { code } }')).errors).toBeUndefined();
  });

  it('malformed JSON → HTTP 400 BAD_REQUEST at the gateway and at the subgraphs', async () => {
    for (const url of Object.values(urls()))
      refused(await post(url, '{"query": "{ categories { code } }"', { token: clerk }), 400, 'BAD_REQUEST');
  });

  it('a batch of 50 operations → HTTP 400 BATCH_TOO_LARGE; 50 batched registrations write nothing', async () => {
    const queries = Array.from({ length: 50 }, () => ({ query: '{ categories { code } }' }));
    for (const url of Object.values(urls())) refused(await post(url, queries, { token: clerk }), 400, 'BATCH_TOO_LARGE');
    await nothingWritten(async () => {
      const registrations = Array.from({ length: 50 }, () => ({ query: REGISTER, variables: { input: letter() } }));
      for (const url of [p.gateway.url, p.intake.url]) refused(await post(url, registrations, { token: clerk }), 400, 'BATCH_TOO_LARGE');
    });
  });

  it('a batch within the limit answers each operation, and each operation is held to the limits', async () => {
    const batch = [
      { query: '{ categories { code } }' },
      {
        query: `query($t: String!, $c: String!) { trackPetition(trackingNumber: $t, accessCode: $c) { status } }`,
        variables: { t: tracking.trackingNumber, c: tracking.accessCode },
      },
      { query: '{ petitions(first: 10000) { totalCount } }' },
    ];
    for (const url of [p.gateway.url, p.intake.url]) {
      const r = await post(url, batch, { token: clerk });
      expect(Array.isArray(r.body)).toBe(true);
      expect(r.body).toHaveLength(3);
      expect(r.body[0].data.categories.length).toBeGreaterThan(0);
      expect(r.body[1].data.trackPetition.status).toBe('REGISTERED');
      expect(r.body[2].errors[0].extensions.code).toBe('PAGE_TOO_LARGE');
      expect(r.body[2].data).toBeUndefined();
    }
  });

  it('over the rate → HTTP 429 RATE_LIMITED with retry-after, per token subject, and per address without a (valid) token', async () => {
    const limited = await startGateway({
      env: parseGatewayEnvironment({
        PORT: '0',
        LOG_LEVEL: 'error',
        RATE_LIMIT_PER_MINUTE: '60',
        RATE_LIMIT_BURST: '3',
        ...subgraphUrls(),
      }),
      supergraphSdl: await composedSupergraph(),
    });
    try {
      const ask = (t: string | null) => post(limited.url, { query: '{ __typename }' }, { token: t });
      for (let i = 0; i < 3; i++) expect((await ask(clerk)).status).toBe(200);
      const over = await ask(clerk);
      const error = refused(over, 429, 'RATE_LIMITED');
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(error.message).toMatch(/请在 \d+ 秒后重试/);
      // Another subject has its own bucket.
      expect((await ask(supervisor)).status).toBe(200);
      // Without a token the address is the caller: the fourth anonymous request is refused too.
      for (let i = 0; i < 3; i++) expect((await ask(null)).status).toBe(200);
      refused(await ask(null), 429, 'RATE_LIMITED');
      // A bad token counts against its address as well: no unlimited token guessing.
      refused(await ask('not.a.token'), 429, 'RATE_LIMITED');
      // A batch costs one per operation: two left for the supervisor, a batch of three is refused.
      refused(
        await post(
          limited.url,
          [1, 2, 3].map(() => ({ query: '{ __typename }' })),
          { token: supervisor },
        ),
        429,
        'RATE_LIMITED',
      );
    } finally {
      await limited.stop();
    }
  });

  // ---- callers without a token ------------------------------------------------------------------------

  it('without a token: _entities, _service and introspection → HTTP 401 UNAUTHENTICATED at every subgraph and the gateway', async () => {
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`;
    for (const url of [p.intake.url, p.case.url, p.hotspot.url, p.reception.url, p.assessment.url]) {
      refused(await post(url, { query: entities, variables: { r: [{ __typename: 'Petition', id: 'x' }] } }), 401, 'UNAUTHENTICATED');
      refused(await post(url, { query: '{ _service { sdl } }' }), 401, 'UNAUTHENTICATED');
      const introspection = await post(url, { query: '{ __schema { types { name fields { name } } } }' });
      refused(introspection, 401, 'UNAUTHENTICATED');
      expect(JSON.stringify(introspection.body)).not.toMatch(/Petition|Case|"types"/);
    }
    refused(await post(p.gateway.url, { query: '{ __type(name: "Case") { fields { name } } }' }), 401, 'UNAUTHENTICATED');
  });

  it('without a token: any other query, a misspelled one, one hidden in a fragment, a mutation → 401, no schema hint, nothing written', async () => {
    for (const url of Object.values(urls())) {
      refused(await post(url, { query: '{ categories { code } }' }), 401, 'UNAUTHENTICATED');
      // Refused before validation: no "Cannot query field … Did you mean" that would map the schema.
      const misspelled = await post(url, { query: '{ petitons { totalCount } }' });
      refused(misspelled, 401, 'UNAUTHENTICATED');
      expect(JSON.stringify(misspelled.body)).not.toMatch(/Did you mean|petitions|Cannot query/);
      const hidden = `query($t: String!, $c: String!) { trackPetition(trackingNumber: $t, accessCode: $c) { status } ...More }
        fragment More on Query { case(id: "x") { id } }`;
      refused(
        await post(url, { query: hidden, variables: { t: tracking.trackingNumber, c: tracking.accessCode } }),
        401,
        'UNAUTHENTICATED',
      );
    }
    await nothingWritten(async () => {
      for (const url of [p.gateway.url, p.intake.url])
        refused(await post(url, { query: REGISTER, variables: { input: letter() } }), 401, 'UNAUTHENTICATED');
    });
  });

  it('without a token, trackPetition still answers, through the gateway and at intake', async () => {
    const query = `query($t: String!, $c: String!) { trackPetition(trackingNumber: $t, accessCode: $c) { status statusLabel progress { kind } } __typename }`;
    for (const url of [p.gateway.url, p.intake.url]) {
      const r = await post(url, { query, variables: { t: tracking.trackingNumber, c: tracking.accessCode } });
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.trackPetition).toMatchObject({ status: 'REGISTERED', statusLabel: expect.stringMatching(/[\u4e00-\u9fa5]/) });
    }
  });

  // ---- cross-site requests ------------------------------------------------------------------------------

  it('CSRF: a GET, or a POST as text/plain, without a preflight header → HTTP 400 BAD_REQUEST, nothing written', async () => {
    for (const url of Object.values(urls())) {
      const get = await fetch(`${url}?query=${encodeURIComponent('{ categories { code } }')}`, {
        headers: { authorization: `Bearer ${clerk}` },
      });
      refused({ status: get.status, headers: get.headers, body: await get.json() }, 400, 'BAD_REQUEST');
    }
    await nothingWritten(async () => {
      for (const url of [p.gateway.url, p.intake.url]) {
        const error = refused(
          await post(url, { query: REGISTER, variables: { input: letter() } }, { token: clerk, headers: { 'content-type': 'text/plain' } }),
          400,
          'BAD_REQUEST',
        );
        expect(error.message).toContain('跨站请求伪造');
      }
    });
    // Control: a GET with the preflight header answers a query.
    const ok = await fetch(`${p.gateway.url}?query=${encodeURIComponent('{ categories { code } }')}`, {
      headers: { authorization: `Bearer ${clerk}`, 'apollo-require-preflight': 'true' },
    });
    expect(ok.status).toBe(200);
  });

  // ---- production mode ---------------------------------------------------------------------------------

  it('in production: no field suggestions and no introspection (an RS256 token)', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const production = await startGateway({
      env: parseGatewayEnvironment({
        NODE_ENV: 'production',
        PORT: '0',
        LOG_LEVEL: 'error',
        JWT_PUBLIC_KEY: publicKey,
        GRAPHIQL: 'false',
        ...subgraphUrls(),
      }),
      supergraphSdl: await composedSupergraph(),
    });
    try {
      const analyst = await new SignJWT({ roles: ['ANALYST'], jur: '3301' })
        .setProtectedHeader({ alg: 'RS256' })
        .setSubject('analyst-prod')
        .setAudience(DEFAULT_AUDIENCE)
        .setIssuer(DEFAULT_ISSUER)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(await importPKCS8(privateKey, 'RS256'));
      const misspelled = '{ categorys { code } }';
      // Development names the field it guesses; production does not.
      const dev = await post(p.gateway.url, { query: misspelled }, { token: clerk });
      expect(dev.body.errors[0].message).toContain('Did you mean');
      const prod = await post(production.url, { query: misspelled }, { token: analyst });
      expect([prod.status, prod.body.errors[0].extensions.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
      expect(JSON.stringify(prod.body)).not.toMatch(/Did you mean|categories/);

      const introspection = await post(production.url, { query: '{ __schema { types { name } } }' }, { token: analyst });
      expect([introspection.status, introspection.body.errors[0].extensions.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
      expect(introspection.body.data).toBeUndefined();
      expect(JSON.stringify(introspection.body)).not.toContain('Petition');
      // The limits hold there too, and without a token only the tracking query is let through.
      refused(
        await post(production.url, { query: '{ petitions(first: 10000) { totalCount } }' }, { token: analyst }),
        400,
        'PAGE_TOO_LARGE',
      );
      refused(await post(production.url, { query: '{ __schema { types { name } } }' }), 401, 'UNAUTHENTICATED');
      expect((await post(production.url, { query: '{ __typename }' }, { token: analyst })).body).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await production.stop();
    }
  });

  // ---- time limit and masked internal errors --------------------------------------------------------

  describe('with a subgraph that hangs and one that answers garbage', () => {
    let fake: Server;
    let gateway: GatewayRuntime;
    const lines: string[] = [];
    const hung: IncomingMessage[] = [];
    const aborted: string[] = [];

    beforeAll(async () => {
      fake = createServer((req: IncomingMessage, res: ServerResponse) => {
        if (req.url?.startsWith('/hang')) {
          hung.push(req);
          req.resume();
          res.on('close', () => aborted.push(req.url!));
          return; // never answers
        }
        res.setHeader('content-type', 'text/html');
        res.end('<html>stack trace of /srv/intake/secret.js</html>');
      });
      await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
      gateway = await startGateway({
        env: parseGatewayEnvironment({
          PORT: '0',
          ...subgraphUrls(),
          INTAKE_URL: `${base}/garbage/graphql`,
          CASE_URL: `${base}/hang/graphql`,
          REQUEST_TIMEOUT_MS: '800',
          SUBGRAPH_TIMEOUT_MS: '20000',
        }),
        logger: createLogger('gateway', 'info', {}, (line) => lines.push(line)),
        supergraphSdl: await composedSupergraph(),
      });
    });
    afterAll(async () => {
      await gateway?.stop();
      fake?.closeAllConnections();
      await new Promise((resolve) => fake?.close(resolve));
    });

    it('a request over REQUEST_TIMEOUT_MS → HTTP 504 REQUEST_TIMEOUT at once, and the subgraph fetch is aborted', async () => {
      const started = Date.now();
      const r = await post(gateway.url, { query: '{ cases { totalCount } }' }, { token: supervisor });
      refused(r, 504, 'REQUEST_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(hung.length).toBe(1);
      await waitFor('the hung subgraph request aborted', async () => aborted.length === 1, 3000);
    });

    it('an internal error is masked, carries the request id of the response header, and is logged with it', async () => {
      const r = await post(
        gateway.url,
        { query: '{ categories { code } }' },
        { token: clerk, headers: { 'x-request-id': 'sec-gw-internal-1' } },
      );
      expect(r.headers.get('x-request-id')).toBe('sec-gw-internal-1');
      const error = r.body.errors[0];
      expect(error).toEqual({
        message: expect.stringMatching(/服务器内部错误.*\(INTERNAL_SERVER_ERROR\)$/),
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'sec-gw-internal-1' },
      });
      expect(JSON.stringify(r.body)).not.toMatch(/secret|html|stack/i);
      const logged = lines.filter((l) => l.includes('sec-gw-internal-1') && l.includes('unhandled error'));
      expect(logged.length).toBeGreaterThan(0);
      expect(logged[0]).toContain('secret.js');
      // A request id that is not short and plain is replaced, not echoed.
      const odd = await post(gateway.url, { query: '{ __typename }' }, { token: clerk, headers: { 'x-request-id': 'a b<script>' } });
      expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  // ---- the limits fit what the platform documents ----------------------------------------------------

  it('every example of docs/api.md is within the default limits', async () => {
    const schema = buildSchema(await composedSupergraph(), { assumeValidSDL: true });
    const examples: Array<{ title: string; query: string; variables?: string }> = JSON.parse(
      readFileSync(join(root, 'gateway', 'dist', 'graphiql-examples.json'), 'utf8'),
    );
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const example of examples) {
      const document = parse(example.query);
      for (const operation of document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')) {
        const measure = measureOperation(document, {
          operation,
          schema,
          variables: example.variables ? JSON.parse(example.variables) : {},
        });
        expect([example.title, operation.name?.value, limitViolation(measure, DEFAULT_REQUEST_LIMITS)?.message]).toEqual([
          example.title,
          operation.name?.value,
          undefined,
        ]);
      }
    }
  });

  it('README and .env.example list every gateway variable', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    for (const name of Object.keys(gatewayEnvironmentSpec)) {
      expect([name, readme.includes(`\`${name}\``)]).toEqual([name, true]);
      if (!['NODE_ENV', 'LOG_LEVEL', 'HOST', 'PORT'].includes(name))
        expect([name, new RegExp(`^${name}=`, 'm').test(example)]).toEqual([name, true]);
    }
  });
});
