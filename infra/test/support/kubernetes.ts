// Validation of Kubernetes objects without a cluster, three ways:
//  - kubernetes-models' JSON schemas (the API's OpenAPI definitions): types, enums, formats,
//    required fields. They allow unknown fields, as the OpenAPI documents do;
//  - the same package's TypeScript interfaces, compiled against each object as an object literal,
//    so that an unknown or misspelt field is an error (what `kubectl apply --validate=strict` does);
//  - for the CloudNativePG resources, whose CRDs are not in kubernetes-models: a schema of the
//    fields we use, written here from the operator's API (api/v1 of cloudnative-pg), strict too.
import ts from 'typescript';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';

import { K8S } from './files';

interface CoreKind {
  model: new (data: any) => { validate(): void };
  /** Module and interface of the kind's TypeScript type. */
  module: string;
  type: string;
}

/** The core kinds the manifests use, by `apiVersion/kind`. A new kind must be added here. */
export const CORE_KINDS: Record<string, CoreKind> = {
  'v1/Namespace': { model: Namespace, module: 'kubernetes-models/v1/Namespace', type: 'INamespace' },
  'v1/ConfigMap': { model: ConfigMap, module: 'kubernetes-models/v1/ConfigMap', type: 'IConfigMap' },
  'v1/Secret': { model: Secret, module: 'kubernetes-models/v1/Secret', type: 'ISecret' },
  'v1/Service': { model: Service, module: 'kubernetes-models/v1/Service', type: 'IService' },
  'apps/v1/Deployment': { model: Deployment, module: 'kubernetes-models/apps/v1/Deployment', type: 'IDeployment' },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    model: HorizontalPodAutoscaler,
    module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    type: 'IHorizontalPodAutoscaler',
  },
  'policy/v1/PodDisruptionBudget': {
    model: PodDisruptionBudget,
    module: 'kubernetes-models/policy/v1/PodDisruptionBudget',
    type: 'IPodDisruptionBudget',
  },
  'networking.k8s.io/v1/NetworkPolicy': {
    model: NetworkPolicy,
    module: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
    type: 'INetworkPolicy',
  },
  'networking.k8s.io/v1/Ingress': { model: Ingress, module: 'kubernetes-models/networking.k8s.io/v1/Ingress', type: 'IIngress' },
  'batch/v1/Job': { model: Job, module: 'kubernetes-models/batch/v1/Job', type: 'IJob' },
};

export const kindOf = (doc: any) => `${doc.apiVersion}/${doc.kind}`;

/** The JSON-schema errors of one core object (empty when valid). */
export function schemaErrors(doc: any): string[] {
  const kind = CORE_KINDS[kindOf(doc)];
  if (!kind) return [`no schema for ${kindOf(doc)}: add it to CORE_KINDS (or CRD_SCHEMAS)`];
  try {
    new kind.model(doc).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/**
 * Compiles every object as a literal of its kind's interface and returns, per object, the compiler's
 * complaints: unknown fields ("Object literal may only specify known properties"), wrong types,
 * missing required fields.
 */
export function strictFieldErrors(docs: any[]): string[][] {
  const file = `${K8S}/__manifests__.ts`;
  const used = [...new Set(docs.map(kindOf))].filter((k) => CORE_KINDS[k]);
  const lines = used.map((k, i) => `import type { ${CORE_KINDS[k].type} as T${i} } from '${CORE_KINDS[k].module}';`);
  const firstDocLine = lines.length;
  docs.forEach((doc, i) => {
    const t = used.indexOf(kindOf(doc));
    // One object per line, so a diagnostic's line names its object.
    lines.push(t < 0 ? '' : `export const d${i}: T${t} = ${JSON.stringify(doc)};`);
  });
  const text = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es5.d.ts'],
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, text, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const errors: string[][] = docs.map(() => []);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.file?.fileName !== file || diagnostic.start === undefined) throw new Error(`type-checking the manifests: ${message}`);
    const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line - firstDocLine;
    if (line < 0) throw new Error(`type-checking the manifests: ${message}`);
    errors[line].push(message);
  }
  return errors;
}

// --- CloudNativePG -------------------------------------------------------------------------------

/** A small JSON-schema subset: enough to say which fields exist, their types and which are required. */
export interface FieldSchema {
  type: 'object' | 'array' | 'string' | 'integer' | 'boolean' | 'quantity';
  properties?: Record<string, FieldSchema>;
  /** Unknown keys allowed (labels, annotations, parameters). */
  additional?: FieldSchema;
  required?: string[];
  items?: FieldSchema;
  enum?: string[];
}

const str: FieldSchema = { type: 'string' };
const bool: FieldSchema = { type: 'boolean' };
const int: FieldSchema = { type: 'integer' };
const obj = (properties: Record<string, FieldSchema>, required: string[] = []): FieldSchema => ({ type: 'object', properties, required });
const stringMap: FieldSchema = { type: 'object', additional: str };
const quantities: FieldSchema = { type: 'object', properties: { cpu: { type: 'quantity' }, memory: { type: 'quantity' } } };
const localRef = obj({ name: str }, ['name']);
const metadata = obj({ name: str, namespace: str, labels: stringMap, annotations: stringMap }, ['name']);
const ensure: FieldSchema = { type: 'string', enum: ['present', 'absent'] };

/** postgresql.cnpg.io/v1 Cluster: the fields of ClusterSpec this repository sets (cloudnative-pg api/v1/cluster_types.go). */
const clusterSchema = obj(
  {
    apiVersion: str,
    kind: str,
    metadata,
    spec: obj(
      {
        instances: int,
        imageName: str,
        primaryUpdateStrategy: { type: 'string', enum: ['unsupervised', 'supervised'] },
        storage: obj({ size: { type: 'quantity' }, storageClass: str }),
        resources: obj({ requests: quantities, limits: quantities }),
        affinity: obj({ enablePodAntiAffinity: bool, topologyKey: str }),
        postgresql: obj({ parameters: stringMap }),
        bootstrap: obj({
          initdb: obj({ database: str, owner: str, secret: localRef, encoding: str, localeCollate: str, localeCType: str }, [
            'database',
            'owner',
          ]),
        }),
        managed: obj({
          roles: {
            type: 'array',
            items: obj({ name: str, ensure, login: bool, passwordSecret: localRef, inRoles: { type: 'array', items: str } }, ['name']),
          },
        }),
      },
      ['instances', 'storage'],
    ),
  },
  ['apiVersion', 'kind', 'metadata', 'spec'],
);

/** postgresql.cnpg.io/v1 Database (CloudNativePG ≥ 1.25; api/v1/database_types.go). */
const databaseSchema = obj(
  {
    apiVersion: str,
    kind: str,
    metadata,
    spec: obj(
      {
        cluster: localRef,
        name: str,
        owner: str,
        ensure,
        template: str,
        encoding: str,
        locale: str,
        localeCollate: str,
        localeCType: str,
        databaseReclaimPolicy: { type: 'string', enum: ['delete', 'retain'] },
      },
      ['cluster', 'name', 'owner'],
    ),
  },
  ['apiVersion', 'kind', 'metadata', 'spec'],
);

export const CRD_SCHEMAS: Record<string, FieldSchema> = {
  'postgresql.cnpg.io/v1/Cluster': clusterSchema,
  'postgresql.cnpg.io/v1/Database': databaseSchema,
};

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/;

/** Errors of `value` against `schema`, with their paths. */
export function fieldSchemaErrors(value: unknown, schema: FieldSchema, path = ''): string[] {
  const here = path || '/';
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return [`${here}: expected a string`];
      return schema.enum && !schema.enum.includes(value) ? [`${here}: expected one of ${schema.enum.join(', ')}`] : [];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${here}: expected an integer`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${here}: expected true or false`];
    case 'quantity':
      return (typeof value === 'string' && QUANTITY.test(value)) || Number.isInteger(value) ? [] : [`${here}: expected a quantity`];
    case 'array':
      if (!Array.isArray(value)) return [`${here}: expected a list`];
      return value.flatMap((item, i) => fieldSchemaErrors(item, schema.items!, `${path}/${i}`));
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${here}: expected an object`];
      const record = value as Record<string, unknown>;
      const errors = (schema.required ?? []).filter((key) => !(key in record)).map((key) => `${path}/${key}: required`);
      for (const [key, item] of Object.entries(record)) {
        const field = schema.properties?.[key] ?? schema.additional;
        if (!field) errors.push(`${path}/${key}: unknown field`);
        else errors.push(...fieldSchemaErrors(item, field, `${path}/${key}`));
      }
      return errors;
    }
  }
}

/** Pod-template labels matched by a label selector's matchLabels. */
export function selects(
  selector: { matchLabels?: Record<string, string> } | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const wanted = Object.entries(selector?.matchLabels ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels?.[key] === value);
}
