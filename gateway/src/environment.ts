import { commonEnvironment, int, parseEnvironment, url, type VariableSpec } from '@petition/service-kit';

// `true` or `false`, nothing else: a typo must not switch a feature on or off silently.
const bool = (raw: string) => {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error('expected true or false');
};

const { NODE_ENV, LOG_LEVEL, HOST, JWT_SECRET, JWT_PUBLIC_KEY, JWT_JWKS_URL, JWT_AUDIENCE, JWT_ISSUER } = commonEnvironment;

export const gatewayEnvironmentSpec = {
  NODE_ENV,
  LOG_LEVEL,
  HOST,
  JWT_SECRET,
  JWT_PUBLIC_KEY,
  JWT_JWKS_URL,
  JWT_AUDIENCE,
  JWT_ISSUER,
  PORT: { description: 'HTTP port of the gateway', default: '4000', parse: int(0, 65535) },
  INTAKE_URL: { description: 'intake subgraph URL', default: 'http://127.0.0.1:4001/graphql', parse: url('http:', 'https:') },
  CASE_URL: { description: 'case subgraph URL', default: 'http://127.0.0.1:4002/graphql', parse: url('http:', 'https:') },
  HOTSPOT_URL: { description: 'hotspot-screening subgraph URL', default: 'http://127.0.0.1:4003/graphql', parse: url('http:', 'https:') },
  RECEPTION_URL: { description: 'joint-reception subgraph URL', default: 'http://127.0.0.1:4004/graphql', parse: url('http:', 'https:') },
  ASSESSMENT_URL: { description: 'assessment subgraph URL', default: 'http://127.0.0.1:4005/graphql', parse: url('http:', 'https:') },
  SUBGRAPH_TIMEOUT_MS: { description: 'Timeout of one subgraph fetch', default: '10000', parse: int(100, 120_000) },
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
