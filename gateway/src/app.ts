import { readFileSync } from 'fs';
import { join } from 'path';

import { ApolloGateway } from '@apollo/gateway';

import { createTokenVerifier } from '@petition/auth';
import type { Logger, RequestContext } from '@petition/service-kit';
import { createLogger, flushTelemetry, initTelemetry, startHttpServer, tokenConfig } from '@petition/service-kit';

import type { GatewayEnvironment } from './environment';
import { GRAPHIQL_PATH, graphiqlRoutes, loadGraphiqlExamples } from './graphiql';
import { SubgraphSource } from './subgraph-source';
import { REPO_ROOT, SUBGRAPHS } from './subgraphs';

type GatewayContext = RequestContext;

export interface GatewayOptions {
  env: GatewayEnvironment;
  logger?: Logger;
  /** Overrides the composed file (tests compose in memory). */
  supergraphSdl?: string;
}

export type GatewayRuntime = Awaited<ReturnType<typeof startGateway>>;

export async function startGateway(options: GatewayOptions) {
  const { env } = options;
  const logger = options.logger ?? createLogger('gateway', env.LOG_LEVEL);
  // Registered before the gateway plans anything: its own `gateway.*` spans join the request's trace.
  initTelemetry({ service: 'gateway', otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
  const supergraphSdl = options.supergraphSdl ?? readFileSync(join(REPO_ROOT, 'gateway', 'supergraph.graphql'), 'utf8');
  const urls: Record<string, string> = {
    intake: env.INTAKE_URL,
    case: env.CASE_URL,
    hotspot: env.HOTSPOT_URL,
    reception: env.RECEPTION_URL,
    assessment: env.ASSESSMENT_URL,
  };

  const sources: SubgraphSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const source = new SubgraphSource({
        name,
        url: urls[name] ?? SUBGRAPHS.find((s) => s.name === name)!.defaultUrl,
        timeoutMs: env.SUBGRAPH_TIMEOUT_MS,
        maxSockets: env.SUBGRAPH_MAX_SOCKETS,
        logger,
      });
      sources.push(source);
      return source;
    },
  });

  const verifier = createTokenVerifier(tokenConfig(env));
  // The IDE for analysts: served by the gateway, nothing loaded from the internet (GRAPHIQL=false turns it off).
  const examples = env.GRAPHIQL ? loadGraphiqlExamples(undefined, logger) : [];
  const graphiql = env.GRAPHIQL ? graphiqlRoutes({ examples }) : undefined;
  const http = await startHttpServer<GatewayContext>({
    service: 'gateway',
    gateway,
    port: env.PORT,
    host: env.HOST,
    verifier,
    logger,
    introspection: env.NODE_ENV !== 'production',
    hideSchemaDetails: env.NODE_ENV === 'production',
    limits: {
      maxDepth: env.MAX_QUERY_DEPTH,
      maxAliases: env.MAX_ALIASES,
      maxRootFields: env.MAX_ROOT_FIELDS,
      maxCost: env.MAX_QUERY_COST,
      maxPageSize: env.MAX_PAGE_SIZE,
    },
    maxBatch: env.MAX_BATCH,
    maxBodyBytes: env.MAX_BODY_BYTES,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    rateLimit: { perMinute: env.RATE_LIMIT_PER_MINUTE, burst: env.RATE_LIMIT_BURST },
    readiness: async () => {
      const checks: Record<string, boolean> = {};
      await Promise.all(
        Object.entries(urls).map(async ([name, url]) => {
          checks[name] = await fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(2000) }).then(
            (r) => r.ok,
            () => false,
          );
        }),
      );
      return checks;
    },
    buildContext: (base) => base,
    routes: graphiql,
  });
  logger.info('gateway ready', { url: http.url });
  if (graphiql) logger.info('graphiql ready', { url: http.url.replace(/\/graphql$/, GRAPHIQL_PATH), examples: examples.length });
  return {
    url: http.url,
    port: http.port,
    metrics: http.metrics,
    async stop() {
      await http.close();
      for (const source of sources) source.close();
      await flushTelemetry();
    },
  };
}
