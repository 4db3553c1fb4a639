import { commonEnvironment, int, parseEnvironment, url, type VariableSpec } from '@petition/service-kit';

// `true` or `false`, nothing else: a typo must not switch a feature on or off silently.
const bool = (raw: string) => {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error('expected true or false');
};

const { NODE_ENV, LOG_LEVEL, HOST, JWT_SECRET, JWT_PUBLIC_KEY, JWT_JWKS_URL, JWT_AUDIENCE, JWT_ISSUER, OTEL_EXPORTER_OTLP_ENDPOINT } =
  commonEnvironment;

export const gatewayEnvironmentSpec = {
  NODE_ENV,
  LOG_LEVEL,
  HOST,
  JWT_SECRET,
  JWT_PUBLIC_KEY,
  JWT_JWKS_URL,
  JWT_AUDIENCE,
  JWT_ISSUER,
  OTEL_EXPORTER_OTLP_ENDPOINT,
  PORT: { description: 'HTTP port of the gateway', default: '4000', parse: int(0, 65535) },
  INTAKE_URL: { description: 'intake subgraph URL', default: 'http://127.0.0.1:4001/graphql', parse: url('http:', 'https:') },
  CASE_URL: { description: 'case subgraph URL', default: 'http://127.0.0.1:4002/graphql', parse: url('http:', 'https:') },
  HOTSPOT_URL: { description: 'hotspot-screening subgraph URL', default: 'http://127.0.0.1:4003/graphql', parse: url('http:', 'https:') },
  RECEPTION_URL: { description: 'joint-reception subgraph URL', default: 'http://127.0.0.1:4004/graphql', parse: url('http:', 'https:') },
  ASSESSMENT_URL: { description: 'assessment subgraph URL', default: 'http://127.0.0.1:4005/graphql', parse: url('http:', 'https:') },
  SUBGRAPH_TIMEOUT_MS: { description: 'Timeout of one subgraph fetch', default: '10000', parse: int(100, 120_000) },
  SUBGRAPH_MAX_SOCKETS: {
    description: 'Keep-alive connections to each subgraph; more fetches wait for a free one',
    default: '64',
    parse: int(1, 1024),
  },
  // Limits checked before the query planner runs (each subgraph checks the same defaults again).
  MAX_QUERY_DEPTH: { description: 'deepest field nesting of an operation (QUERY_TOO_DEEP)', default: '12', parse: int(2, 100) },
  MAX_ALIASES: { description: 'aliased fields in an operation (TOO_MANY_ALIASES)', default: '30', parse: int(0, 1000) },
  MAX_ROOT_FIELDS: { description: 'root fields in an operation (QUERY_TOO_COMPLEX)', default: '30', parse: int(1, 1000) },
  MAX_QUERY_COST: {
    description:
      'estimated cost of an operation: each field 1, a list multiplies what is under it by its first/limit (20 when left out, 10 for a list without one) (QUERY_TOO_COMPLEX)',
    default: '10000',
    parse: int(10, 10_000_000),
  },
  MAX_PAGE_SIZE: {
    description: 'largest first/last/pageSize argument, literal or variable (PAGE_TOO_LARGE)',
    default: '200',
    parse: int(1, 100_000),
  },
  MAX_BATCH: { description: 'operations in one batched (JSON array) request (BATCH_TOO_LARGE)', default: '5', parse: int(1, 100) },
  MAX_BODY_BYTES: {
    description: 'largest request body in bytes (HTTP 413 PAYLOAD_TOO_LARGE)',
    default: '1000000',
    parse: int(1000, 100_000_000),
  },
  REQUEST_TIMEOUT_MS: {
    description: 'time for one request, body included (HTTP 504 REQUEST_TIMEOUT); subgraph fetches in flight are aborted',
    default: '15000',
    parse: int(100, 600_000),
  },
  RATE_LIMIT_PER_MINUTE: {
    description:
      'requests per minute per caller (token subject, or client address without a token), per gateway instance; 0 turns it off (HTTP 429 RATE_LIMITED)',
    default: '600',
    parse: int(0, 1_000_000),
  },
  RATE_LIMIT_BURST: {
    description: 'requests a caller may make at once before RATE_LIMIT_PER_MINUTE applies',
    default: '100',
    parse: int(1, 1_000_000),
  },
  GRAPHIQL: {
    description: 'serve the offline GraphiQL IDE at /graphiql (true or false); production must set it explicitly',
    default: 'true',
    requiredInProduction: true,
    parse: bool,
  },
} satisfies Record<string, VariableSpec<unknown>>;

export type GatewayEnvironment = ReturnType<typeof parseGatewayEnvironment>;

export function parseGatewayEnvironment(env: Record<string, string | undefined> = process.env) {
  return parseEnvironment(gatewayEnvironmentSpec, env);
}
