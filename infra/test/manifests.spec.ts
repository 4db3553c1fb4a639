// The deployable platform, checked without a cluster or a Docker daemon: every Kubernetes object
// against the API's schemas, the policies a city relies on (limits, probes, non-root, autoscaling,
// subgraphs reachable from the gateway only, placeholders instead of keys), and that each workload
// gets exactly the variables its service declares in src/environment.ts, in Kubernetes and in
// docker compose. The Dockerfile's stages are read and checked the same way.
import { readdirSync } from 'fs';
import { basename, dirname, join } from 'path';

import { parseDockerfile, chainEnv, lastOf, stageChain } from './support/dockerfile';
import { loadWorkloads, requiredInProduction, type Workload } from './support/environment';
import {
  exists,
  filesUnder,
  INFRA,
  K8S,
  read,
  rel,
  REPO,
  versionAtLeast,
  yamlDocuments,
  yamlFile,
  type YamlDocument,
} from './support/files';
import { CORE_KINDS, CRD_SCHEMAS, fieldSchemaErrors, kindOf, schemaErrors, selects, strictFieldErrors } from './support/kubernetes';

const workloads = loadWorkloads();
const subgraphs = workloads.filter((w) => w.kind === 'subgraph');

// --- what infra/k8s holds ------------------------------------------------------------------------

const SECRETS_TEMPLATE = join(K8S, 'secrets.example.yaml');
/** Helm values for the NATS chart: not a Kubernetes object. */
const NATS_VALUES = join(K8S, 'nats', 'values.yaml');

const yamlFiles = filesUnder(K8S, '.yaml', '.yml');
const kustomizationFiles = yamlFiles.filter((f) => basename(f) === 'kustomization.yaml');
const objectFiles = yamlFiles.filter((f) => !kustomizationFiles.includes(f) && f !== NATS_VALUES);
const objects: YamlDocument[] = objectFiles.flatMap(yamlDocuments);
/** What `kubectl apply -k` applies (the Secrets template is filled and applied by hand). */
const applied = objects.filter((o) => o.file !== SECRETS_TEMPLATE).map((o) => o.body);
const secretTemplates = objects.filter((o) => o.file === SECRETS_TEMPLATE).map((o) => o.body);

const ofKind = (kind: string) => applied.filter((d) => d.kind === kind);
const one = (list: any[], name: string, what: string) => {
  const found = list.filter((d) => d.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${what} named ${name}, found ${found.length}`);
  return found[0];
};
const deployment = (name: string) => one(ofKind('Deployment'), name, 'Deployment');
const configMap = (name: string) => one(ofKind('ConfigMap'), name, 'ConfigMap');
const secret = (name: string) => one(secretTemplates, name, 'Secret in secrets.example.yaml');
const secretData = (s: any): Record<string, string> => ({
  ...Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('utf8')])),
  ...(s.stringData ?? {}),
});
const where = (o: YamlDocument) => `${rel(o.file)} #${o.index + 1} ${o.body?.kind}/${o.body?.metadata?.name}`;

/** Every variable a container gets, with its value (a placeholder for Secrets) and where it comes from. */
function containerEnvironment(container: any): Map<string, { value: string; from: string }> {
  const env = new Map<string, { value: string; from: string }>();
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      for (const [k, v] of Object.entries(configMap(source.configMapRef.name).data ?? {}))
        env.set(k, { value: String(v), from: `ConfigMap ${source.configMapRef.name}` });
    } else if (source.secretRef) {
      for (const [k, v] of Object.entries(secretData(secret(source.secretRef.name))))
        env.set(k, { value: v, from: `Secret ${source.secretRef.name}` });
    } else throw new Error(`unknown envFrom source ${JSON.stringify(source)}`);
  }
  for (const item of container.env ?? []) {
    const ref = item.valueFrom?.secretKeyRef ?? item.valueFrom?.configMapKeyRef;
    if (!item.valueFrom) env.set(item.name, { value: String(item.value ?? ''), from: 'env' });
    else if (item.valueFrom.secretKeyRef) {
      const data = secretData(secret(ref.name));
      if (!(ref.key in data)) throw new Error(`Secret ${ref.name} has no key ${ref.key} (${item.name})`);
      env.set(item.name, { value: data[ref.key], from: `Secret ${ref.name}/${ref.key}` });
    } else if (item.valueFrom.configMapKeyRef) {
      const data = configMap(ref.name).data ?? {};
      if (!(ref.key in data)) throw new Error(`ConfigMap ${ref.name} has no key ${ref.key} (${item.name})`);
      env.set(item.name, { value: String(data[ref.key]), from: `ConfigMap ${ref.name}/${ref.key}` });
    } else throw new Error(`unsupported valueFrom for ${item.name}`);
  }
  return env;
}

describe('Kubernetes manifests (infra/k8s)', () => {
  test('every YAML file parses and every object has an apiVersion, a kind and a name', () => {
    expect(yamlFiles.length).toBeGreaterThan(5);
    const nameless = objects.filter((o) => !o.body?.apiVersion || !o.body?.kind || !o.body?.metadata?.name).map(where);
    expect(nameless).toEqual([]);
    for (const file of [...kustomizationFiles, NATS_VALUES]) expect(() => yamlDocuments(file)).not.toThrow();
  });

  test('core objects validate against the Kubernetes schemas (kubernetes-models)', () => {
    const core = objects.filter((o) => !CRD_SCHEMAS[kindOf(o.body)]);
    expect(core.length).toBeGreaterThan(30);
    const errors = core.flatMap((o) => schemaErrors(o.body).map((e) => `${where(o)}: ${e}`));
    expect(errors).toEqual([]);
  });

  test('core objects have no unknown or misspelt field (strict, against the kinds’ TypeScript types)', () => {
    const core = objects.filter((o) => CORE_KINDS[kindOf(o.body)]);
    const errors = strictFieldErrors(core.map((o) => o.body)).flatMap((list, i) => list.map((e) => `${where(core[i])}: ${e}`));
    expect(errors).toEqual([]);
    // The check itself catches a typo.
    const typo = structuredClone(deployment('intake'));
    typo.spec.template.spec.containers[0].readinesProbe = typo.spec.template.spec.containers[0].readinessProbe;
    expect(strictFieldErrors([typo])[0].join()).toMatch(/readinesProbe/);
  });

  test('CloudNativePG resources have only fields of their CRDs (the subset this repository uses)', () => {
    const crs = objects.filter((o) => CRD_SCHEMAS[kindOf(o.body)]);
    expect(crs.map((o) => o.body.kind).sort()).toEqual(['Cluster', 'Database', 'Database', 'Database', 'Database']);
    const errors = crs.flatMap((o) => fieldSchemaErrors(o.body, CRD_SCHEMAS[kindOf(o.body)]).map((e) => `${where(o)}: ${e}`));
    expect(errors).toEqual([]);
    expect(fieldSchemaErrors({ ...crs[0].body, spec: { ...crs[0].body.spec, instance: 3 } }, CRD_SCHEMAS[kindOf(crs[0].body)])).toContain(
      '/spec/instance: unknown field',
    );
  });

  test('each object file is in a kustomization, and everything a kustomization names exists', () => {
    const listed = new Set<string>();
    for (const file of kustomizationFiles) {
      const k = yamlFile(file);
      expect(k).toMatchObject({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', namespace: 'petition' });
      for (const resource of k.resources ?? []) listed.add(join(dirname(file), resource));
      for (const generator of k.configMapGenerator ?? []) for (const f of generator.files ?? []) listed.add(join(dirname(file), f));
    }
    expect([...listed].filter((f) => !exists(f)).map(rel)).toEqual([]);
    const unlisted = objectFiles.filter((f) => f !== SECRETS_TEMPLATE && !listed.has(f)).map(rel);
    expect(unlisted).toEqual([]);
  });

  test('a Deployment per service and for the gateway, nothing else', () => {
    expect(
      ofKind('Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(workloads.map((w) => w.name).sort());
  });

  describe.each(workloads)('$name', (workload: Workload) => {
    const d = () => deployment(workload.name);
    const pod = () => d().spec.template;
    const container = () => {
      const containers = pod().spec.containers;
      expect(containers).toHaveLength(1);
      return containers[0];
    };

    test('Deployment: requests and limits, /healthz liveness and startup, /readyz readiness on its port', () => {
      const c = container();
      for (const bound of ['requests', 'limits']) expect(Object.keys(c.resources?.[bound] ?? {}).sort()).toEqual(['cpu', 'memory']);
      const port = c.ports.find((p: any) => p.name === 'http');
      expect(port.containerPort).toBe(Number(workload.spec.PORT.default));
      expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(c.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(c.image).toMatch(new RegExp(`^petition/${workload.name}:\\d+\\.\\d+\\.\\d+$`));
      // The HorizontalPodAutoscaler owns the replica count; rollouts add one pod at a time.
      expect(d().spec.replicas).toBeUndefined();
      expect(d().spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    });

    test('Deployment: non-root, no privilege escalation, read-only root file system, no service links', () => {
      const p = pod().spec;
      expect(p.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(p.securityContext.runAsUser).toBeGreaterThan(0);
      expect(p.automountServiceAccountToken).toBe(false);
      expect(p.enableServiceLinks).toBe(false);
      expect(container().securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      const mounts = container().volumeMounts.map((m: any) => m.mountPath);
      expect(mounts).toContain('/tmp');
    });

    test('Service (ClusterIP), HorizontalPodAutoscaler (autoscaling/v2) and PodDisruptionBudget', () => {
      const labels = pod().metadata.labels;
      expect(labels['app.kubernetes.io/component']).toBe(workload.kind);
      const service = one(ofKind('Service'), workload.name, 'Service');
      expect(service.spec.type).toBe('ClusterIP');
      expect(selects({ matchLabels: service.spec.selector }, labels)).toBe(true);
      expect(service.spec.ports).toEqual([{ name: 'http', port: Number(workload.spec.PORT.default), targetPort: 'http' }]);
      expect(selects(d().spec.selector, labels)).toBe(true);

      const hpa = ofKind('HorizontalPodAutoscaler').filter((h) => h.spec.scaleTargetRef.name === workload.name);
      expect(hpa).toHaveLength(1);
      expect(hpa[0].apiVersion).toBe('autoscaling/v2');
      expect(hpa[0].spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: workload.name });
      expect(hpa[0].spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa[0].spec.maxReplicas).toBeGreaterThan(hpa[0].spec.minReplicas);
      expect(hpa[0].metadata.labels['petition-platform/autoscaling']).toBe('true');

      const pdbs = ofKind('PodDisruptionBudget').filter((p) => selects(p.spec.selector, labels));
      expect(pdbs).toHaveLength(1);
      expect(pdbs[0].spec.minAvailable).toBeLessThan(hpa[0].spec.minReplicas);
    });

    test('every variable the container gets is one its service declares; every requiredInProduction one is set', () => {
      const env = containerEnvironment(container());
      const undeclared = [...env.keys()].filter((name) => !(name in workload.spec));
      expect(undeclared).toEqual([]);
      const missing = requiredInProduction(workload.spec).filter((name) => !env.get(name)?.value);
      expect(missing).toEqual([]);
      expect(env.get('NODE_ENV')?.value).toBe('production');
      expect(env.get('HOST')?.value).toBe('0.0.0.0');
      expect(env.get('PORT')?.value).toBe(workload.spec.PORT.default);
      // RS256 in production: a public key or a JWKS URL.
      expect(env.get('JWT_PUBLIC_KEY')?.value || env.get('JWT_JWKS_URL')?.value).toBeTruthy();
      // Secrets come from Secrets, never from a ConfigMap or a literal.
      for (const [name, variable] of Object.entries(workload.spec)) {
        if (variable.secret && env.has(name)) expect(`${name}: ${env.get(name)!.from}`).toMatch(new RegExp(`^${name}: Secret `));
      }
      if (workload.kind === 'subgraph') {
        // Production refuses to run as the schema owner.
        const owner = new URL(env.get('DATABASE_URL')!.value.replace(/REPLACE[A-Z-]*/g, 'x')).username;
        expect(env.get('DATABASE_APP_USER')?.value).toMatch(/^[a-z_][a-z0-9_]*$/);
        expect(env.get('DATABASE_APP_USER')?.value).not.toBe(owner);
      }
    });
  });

  test('the gateway reaches every subgraph at its Service and port', () => {
    const env = containerEnvironment(deployment('gateway').spec.template.spec.containers[0]);
    const urls = Object.keys(workloads.find((w) => w.name === 'gateway')!.spec).filter(
      (name) => /^[A-Z]+_URL$/.test(name) && name !== 'JWT_JWKS_URL',
    );
    expect(urls).toHaveLength(subgraphs.length);
    const targets = urls.map((name) => new URL(env.get(name)!.value)).map((u) => `${u.hostname}:${u.port}${u.pathname}`);
    expect(targets.sort()).toEqual(subgraphs.map((s) => `${s.name}:${s.spec.PORT.default}/graphql`).sort());
  });

  test('subgraphs take traffic from the gateway only; the Ingress exposes the gateway, and /screen/ of joint-reception', () => {
    const subgraphPods = subgraphs.map((s) => deployment(s.name).spec.template.metadata.labels);
    const gatewayLabels = deployment('gateway').spec.template.metadata.labels;
    const policies = ofKind('NetworkPolicy');
    for (const labels of subgraphPods) {
      const selecting = policies.filter((p) => selects(p.spec.podSelector, labels));
      expect(selecting.length).toBeGreaterThan(0);
      expect(selecting.every((p) => p.spec.policyTypes.includes('Ingress'))).toBe(true);
      const peers = selecting.flatMap((p) => p.spec.ingress.flatMap((rule: any) => rule.from ?? [{ anyone: true }]));
      for (const peer of peers) {
        if (peer.podSelector) expect(selects(peer.podSelector, gatewayLabels)).toBe(true);
        else if (peer.namespaceSelector) {
          // The ingress controller, for the queue screens only.
          expect(labels['app.kubernetes.io/name']).toBe('joint-reception');
          expect(Object.keys(peer.namespaceSelector.matchLabels)).toEqual(['kubernetes.io/metadata.name']);
        } else throw new Error(`a subgraph is open to ${JSON.stringify(peer)}`);
      }
    }
    const routes = ofKind('Ingress').flatMap((i) =>
      i.spec.rules.flatMap((r: any) =>
        r.http.paths.map((p: any) => `${p.path} -> ${p.backend.service.name}:${p.backend.service.port.name}`),
      ),
    );
    expect(routes.filter((r) => !r.endsWith('-> gateway:http'))).toEqual(['/screen/ -> joint-reception:http']);
    expect(ofKind('Service').every((s) => s.spec.type === 'ClusterIP')).toBe(true);
  });

  test('Secrets: only in the template, which holds placeholders and no key', () => {
    expect(ofKind('Secret')).toEqual([]);
    const looksLikeKey = [
      /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
      /[A-Za-z0-9+/]{40,}={0,2}/, // base64 of 30 bytes or more, e.g. a PEM body or a 32-byte key
      /\b[0-9a-f]{32,}\b/i, // hex of 16 bytes or more
    ];
    for (const s of secretTemplates) {
      for (const [key, value] of Object.entries(secretData(s))) {
        for (const pattern of looksLikeKey)
          expect(`${s.metadata.name}/${key}: ${pattern.test(value) ? 'looks like a real key' : 'ok'}`).toMatch(/ok$/);
        if (key === 'username' || key === 'PII_ACTIVE_KEY') continue;
        expect(`${s.metadata.name}/${key}: ${value}`).toMatch(/REPLACE-WITH/);
      }
    }
    // Every Secret the Deployments and the PostgreSQL cluster name is in the template.
    const named = new Set(secretTemplates.map((s) => s.metadata.name));
    const referenced = JSON.stringify(applied).match(/"(?:secretName|name)":"[a-z0-9-]+(?:-db-owner|-db-app|-keys|-jwt)"/g) ?? [];
    for (const ref of referenced) expect(named).toContain(ref.split(':')[1].replace(/"/g, ''));
  });

  test('PostgreSQL (CloudNativePG): one UTF-8 database per service, owned by its owner role; the secrets match the roles', () => {
    const cluster = one(ofKind('Cluster'), 'petition-pg', 'Cluster');
    expect(cluster.spec.instances).toBeGreaterThanOrEqual(3);
    const initdb = cluster.spec.bootstrap.initdb;
    const databases = [
      { name: initdb.database, owner: initdb.owner, ctype: initdb.localeCType },
      ...ofKind('Database').map((d) => ({
        name: d.spec.name,
        owner: d.spec.owner,
        ctype: d.spec.localeCType,
        cluster: d.spec.cluster.name,
      })),
    ];
    const roles = new Map<string, string>(cluster.spec.managed.roles.map((r: any) => [r.name, r.passwordSecret.name]));
    roles.set(initdb.owner, initdb.secret.name);
    for (const d of databases) {
      expect(d.ctype).toMatch(/utf-?8/i);
      if ('cluster' in d) expect(d.cluster).toBe('petition-pg');
    }
    for (const s of subgraphs) {
      const env = containerEnvironment(deployment(s.name).spec.template.spec.containers[0]);
      const url = new URL(env.get('DATABASE_URL')!.value.replace(/REPLACE[A-Z-]*/g, 'x'));
      const db = url.pathname.slice(1);
      expect(url.host).toBe('petition-pg-rw:5432');
      expect(databases.filter((d) => d.name === db)).toEqual([expect.objectContaining({ owner: url.username })]);
      // Each role's password is the one of the Secret the service reads.
      const ownerSecret = env.get('DATABASE_URL')!.from.split(' ')[1].split('/')[0];
      expect(roles.get(url.username)).toBe(ownerSecret);
      expect(secretData(secret(ownerSecret)).username).toBe(url.username);
      const appUser = env.get('DATABASE_APP_USER')!.value;
      expect(roles.get(appUser)).toBe(env.get('DATABASE_APP_USER')!.from.split(' ')[1].split('/')[0]);
      // The server is verified with the cluster's CA, mounted where the URL says.
      expect(url.searchParams.get('sslmode')).toBe('verify-full');
      const pod = deployment(s.name).spec.template.spec;
      const mount = pod.containers[0].volumeMounts.find((m: any) => m.name === 'postgres-ca');
      expect(url.searchParams.get('sslrootcert')).toBe(`${mount.mountPath}/ca.crt`);
      expect(pod.volumes.find((v: any) => v.name === 'postgres-ca').secret).toEqual({
        secretName: 'petition-pg-ca',
        items: [{ key: 'ca.crt', path: 'ca.crt' }],
      });
    }
    expect(new Set(databases.map((d) => d.name)).size).toBe(subgraphs.length);
  });

  test('NATS (official chart values): a three-node cluster, JetStream on file storage with sync always, server ≥ 2.10.23', () => {
    const values = yamlFile(NATS_VALUES);
    expect(values.config.cluster).toMatchObject({ enabled: true, replicas: 3 });
    expect(values.config.jetstream).toMatchObject({
      enabled: true,
      fileStore: { enabled: true, pvc: { enabled: true } },
      memoryStore: { enabled: false },
      merge: { sync_interval: 'always' },
    });
    const tag = /^(\d+\.\d+\.\d+)/.exec(values.container.image.tag)?.[1] ?? '';
    expect(versionAtLeast(tag, '2.10.23')).toBe(true);
    // The services' NATS_URL names the chart's three pods (release `nats`).
    const urls = configMap('petition-subgraph').data.NATS_URL.split(',');
    expect(urls).toEqual([0, 1, 2].map((i) => `nats://nats-${i}.nats-headless:4222`));
  });

  test('the streams Job creates the streams for the services’ servers and prefix', () => {
    const job = one(ofKind('Job'), 'nats-streams', 'Job');
    const c = job.spec.template.spec.containers[0];
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
    const shared = configMap('petition-subgraph').data;
    expect(env.NATS_URL).toBe(shared.NATS_URL);
    expect(env.NATS_SUBJECT_PREFIX).toBe(shared.NATS_SUBJECT_PREFIX);
    expect(env.STREAM_REPLICAS).toBe('3');
    expect(c.image).toMatch(/^natsio\/nats-box:\d+\.\d+\.\d+$/);
    expect(job.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    const nats = yamlFile(join(K8S, 'nats', 'kustomization.yaml'));
    expect(nats.configMapGenerator).toEqual([{ name: 'nats-streams-script', files: ['create-streams.sh'] }]);
    expect(job.spec.template.spec.volumes.find((v: any) => v.name === 'scripts').configMap.name).toBe('nats-streams-script');
  });
});

// --- docker compose ------------------------------------------------------------------------------

const COMPOSE = join(INFRA, 'docker-compose.yml');
const compose = yamlFile(COMPOSE);
const composeServices: Record<string, any> = compose.services;

describe('docker-compose.yml', () => {
  test('every long-running service has a healthcheck; one-shot tasks are awaited until they complete', () => {
    const oneShots = Object.entries(composeServices)
      .filter(([, s]) => s.restart === 'no')
      .map(([name]) => name);
    expect(oneShots).toEqual(['nats-streams']);
    for (const [name, service] of Object.entries(composeServices)) {
      if (!oneShots.includes(name)) expect(`${name}: ${service.healthcheck?.test ? 'healthcheck' : 'none'}`).toBe(`${name}: healthcheck`);
      for (const [dependency, { condition }] of Object.entries<any>(service.depends_on ?? {})) {
        expect(composeServices[dependency]).toBeDefined();
        expect(condition).toBe(oneShots.includes(dependency) ? 'service_completed_successfully' : 'service_healthy');
      }
    }
  });

  test('NATS: three JetStream nodes (≥ 2.10.23) of jetstream-node.conf, file storage, sync_interval always', () => {
    const nodes = Object.entries(composeServices).filter(([name]) => /^nats-\d$/.test(name));
    expect(nodes.map(([name]) => name)).toEqual(['nats-1', 'nats-2', 'nats-3']);
    for (const [name, node] of nodes) {
      const version = /^nats:(\d+\.\d+\.\d+)/.exec(node.image)?.[1] ?? '';
      expect(versionAtLeast(version, '2.10.23')).toBe(true);
      expect(node.environment.SERVER_NAME).toBe(name);
      expect(node.volumes).toContain('./nats/jetstream-node.conf:/etc/nats/nats.conf:ro');
      expect(node.volumes).toContain(`${name}-data:/data`);
    }
    const conf = read(join(INFRA, 'nats', 'jetstream-node.conf'));
    expect(conf).toMatch(/^\s*sync_interval: always$/m);
    expect(conf).toMatch(/^\s*store_dir: \/data\//m);
    expect(conf).toMatch(/^server_name: \$SERVER_NAME$/m);
    for (const [name] of nodes) expect(conf).toContain(`nats-route://${name}:6222`);
    const urls = 'nats://nats-1:4222,nats://nats-2:4222,nats://nats-3:4222';
    expect(composeServices['nats-streams'].environment.NATS_URL).toBe(urls);
    for (const s of subgraphs) expect(composeServices[s.name].environment.NATS_URL).toBe(urls);
  });

  test('PostgreSQL 15: the init script creates every service’s database, owner role and application role', () => {
    const postgres = composeServices.postgres;
    expect(postgres.image).toMatch(/^postgres:15(\.\d+)?-bookworm$/);
    const mount = postgres.volumes.find((v: string) => v.includes('/docker-entrypoint-initdb.d/'));
    const script = join(INFRA, mount.split(':')[0]);
    const created = [...read(script).matchAll(/^create_service_database (\w+) "\$\{(\w+):\?\}" "\$\{(\w+):\?\}"$/gm)];
    expect(created.length).toBe(subgraphs.length);
    for (const [, , ownerVar, appVar] of created) {
      expect(postgres.environment[ownerVar]).toBe(`\${${ownerVar}:?}`);
      expect(postgres.environment[appVar]).toBe(`\${${appVar}:?}`);
    }
    for (const s of subgraphs) {
      const env = composeServices[s.name].environment;
      const m = /^postgres:\/\/(\w+):\$\{(\w+):\?\}@postgres:5432\/(\w+)$/.exec(env.DATABASE_URL);
      expect(m).not.toBeNull();
      const [, owner, ownerVar, db] = m!;
      const line = created.find((c) => c[1] === db);
      expect(line).toBeDefined();
      expect([owner, ownerVar]).toEqual([`${db}_owner`, line![2]]);
      expect([env.DATABASE_APP_USER, env.DATABASE_APP_PASSWORD]).toEqual([`${db}_app`, `\${${line![3]}:?}`]);
    }
  });

  describe.each(workloads)('$name', (workload: Workload) => {
    test('built from its Dockerfile target; only variables its service declares; every requiredInProduction one set', () => {
      const service = composeServices[workload.name];
      expect(service.build).toEqual({ context: '..', dockerfile: 'infra/docker/Dockerfile', target: workload.name });
      const env: Record<string, string> = service.environment;
      expect(Object.keys(env).filter((name) => !(name in workload.spec))).toEqual([]);
      // Set, and when it comes from infra/.env, required there (`${X:?}`: compose refuses to start without it).
      const unset = requiredInProduction(workload.spec).filter((name) => !env[name] || /\$\{\w+(:-[^}]*)?\}/.test(env[name]));
      expect(unset).toEqual([]);
      expect([env.NODE_ENV, env.HOST, env.PORT]).toEqual(['production', '0.0.0.0', workload.spec.PORT.default]);
      expect(env.JWT_PUBLIC_KEY).toMatch(/^\$\{JWT_PUBLIC_KEY:\?/);
      expect(service.read_only).toBe(true);
      expect(JSON.stringify(service.healthcheck.test)).toContain(`127.0.0.1:${workload.spec.PORT.default}/readyz`);
    });
  });

  test('the gateway reaches the subgraphs by service name; only the gateway and the queue screens are published, on loopback', () => {
    const env = composeServices.gateway.environment;
    for (const s of subgraphs) {
      const variable = Object.keys(env).find((name) => name.endsWith('_URL') && env[name].startsWith(`http://${s.name}:`));
      expect(env[variable!]).toBe(`http://${s.name}:${s.spec.PORT.default}/graphql`);
    }
    const published = Object.entries(composeServices).flatMap(([name, s]) => (s.ports ?? []).map((p: string) => `${name} ${p}`));
    expect(published.sort()).toEqual(['gateway 127.0.0.1:4000:4000', 'joint-reception 127.0.0.1:4004:4004']);
  });
});

// --- Dockerfile ----------------------------------------------------------------------------------

const DOCKERFILE = join(INFRA, 'docker', 'Dockerfile');
const stages = parseDockerfile(read(DOCKERFILE));

describe('infra/docker/Dockerfile', () => {
  test('multi-stage: a build stage on node:20-bookworm-slim, then one target per service and for the gateway', () => {
    expect(stages.length).toBeGreaterThan(2);
    const build = stages.find((s) => s.name === 'build')!;
    expect(build.from).toBe('node:20-bookworm-slim');
    const runs = build.instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    // From the lockfile, without install scripts (npm install: see the Dockerfile for why not npm ci).
    expect(runs.some((r) => /\bnpm install\b.*--ignore-scripts/.test(r))).toBe(true);
    expect(runs.some((r) => r.includes('turbo run build --filter=@petition/gateway...'))).toBe(true);
    expect(runs.some((r) => r.includes('npm prune --omit=dev'))).toBe(true);
    for (const w of workloads) expect(stages.map((s) => s.name)).toContain(w.name);
  });

  test('the install sees every workspace: each package.json is copied before it', () => {
    const build = stages.find((s) => s.name === 'build')!;
    const ci = build.instructions.findIndex((i) => i.op === 'RUN' && /\bnpm install\b/.test(i.args));
    const copied = build.instructions.slice(0, ci).flatMap((i) => (i.op === 'COPY' ? i.args.split(/\s+/).slice(0, -1) : []));
    const rootPackage = JSON.parse(read(join(REPO, 'package.json')));
    const workspaces: string[] = rootPackage.workspaces.flatMap((pattern: string) =>
      pattern.endsWith('/*')
        ? readdirSync(join(REPO, pattern.slice(0, -2)), { withFileTypes: true })
            .filter((e) => e.isDirectory() && exists(join(REPO, pattern.slice(0, -2), e.name, 'package.json')))
            .map((e) => `${pattern.slice(0, -2)}/${e.name}`)
        : [pattern],
    );
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', ...workspaces.map((w) => `${w}/package.json`)]));
  });

  describe.each(workloads)('$name', (workload: Workload) => {
    test('non-root, NODE_ENV=production, HOST=0.0.0.0, its port, a /healthz HEALTHCHECK and its main', () => {
      const chain = stageChain(stages, workload.name);
      expect(chain[0].from).toBe('node:20-bookworm-slim');
      expect(lastOf(chain, 'USER')).toMatch(/^(?!root$|0$)\w+/);
      const env = chainEnv(chain);
      expect([env.NODE_ENV, env.HOST, env.PORT]).toEqual(['production', '0.0.0.0', workload.spec.PORT.default]);
      expect(lastOf(chain, 'EXPOSE')).toBe(workload.spec.PORT.default);
      expect(lastOf(chain, 'HEALTHCHECK')).toContain('/healthz');
      expect(JSON.parse(lastOf(chain, 'CMD')!)).toEqual(['node', `${workload.dir}/dist/main.js`]);
      expect(exists(join(REPO, workload.dir, 'src', 'main.ts'))).toBe(true);
      const own = chain[chain.length - 1].instructions.filter((i) => i.op === 'COPY').map((i) => i.args);
      expect(own).toContain(`--from=build /out/${workload.dir} ./${workload.dir}`);
    });
  });

  test('assessment: Debian Chromium with a Chinese font at CHROMIUM_PATH', () => {
    const chain = stageChain(stages, 'assessment');
    const installs = chain.flatMap((s) =>
      s.instructions.filter((i) => i.op === 'RUN' && i.args.includes('apt-get install')).map((i) => i.args),
    );
    expect(installs.join(' ')).toMatch(/\bchromium\b.*\bfonts-wqy-microhei\b/);
    const spec = workloads.find((w) => w.name === 'assessment')!.spec;
    expect(chainEnv(chain).CHROMIUM_PATH).toBe(spec.CHROMIUM_PATH.default);
    // Installing as root is the exception; the image still runs as node.
    expect(lastOf(chain, 'USER')).toBe('node');
  });

  test('.dockerignore keeps node_modules, build output and .git out of the context', () => {
    const ignored = read(join(REPO, '.dockerignore')).split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', 'infra/.env', 'infra/.secrets']));
  });
});

// --- docs/deploy.md ------------------------------------------------------------------------------

describe('docs/deploy.md', () => {
  const guide = read(join(REPO, 'docs', 'deploy.md'));

  test('every infra/ path it names exists', () => {
    const paths = [...new Set([...guide.matchAll(/`(infra\/[\w./-]+)`/g)].map((m) => m[1].replace(/\/$/, '')))];
    expect(paths.length).toBeGreaterThan(5);
    // Written by generate-secrets.sh compose, not in the repository.
    const generated = ['infra/.env', 'infra/.secrets/jwt-private.pem'];
    expect(paths.filter((p) => !generated.includes(p) && !exists(join(REPO, p)))).toEqual([]);
  });

  test('it names every Secret, Deployment and target, and the streams the services use', () => {
    for (const s of secretTemplates) {
      const name = s.metadata.name.replace(/^(intake|cases|hotspot|reception|assessment)-db-/, '<db>-db-');
      expect(guide).toContain(`\`${name}\``);
    }
    // Its build and rollout loops cover every workload.
    const names = workloads.map((w) => w.name).join(' ');
    expect(guide).toContain(`for target in ${names}; do`);
    expect(guide).toContain(`for d in ${names}; do`);
    const { EVENT_TYPES, sourceOf, streamName } = jest.requireActual('@petition/events');
    for (const source of new Set<string>(EVENT_TYPES.map(sourceOf))) expect(guide).toContain(`\`${streamName('', source)}\``);
    expect(guide).toContain("kubectl apply -k infra/k8s -l 'petition-platform/autoscaling!=true'");
  });
});
