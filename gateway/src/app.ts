import { readFileSync } from 'fs';
import { join } from 'path';

import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';

import { createTokenVerifier } from '@petition/auth';
import type { Logger, RequestContext } from '@petition/service-kit';
import {
  createLogger,
  currentRequest,
  flushTelemetry,
  initTelemetry,
  injectTraceHeaders,
  startHttpServer,
  tokenConfig,
} from '@petition/service-kit';
import { CodedError } from '@petition/subgraph';

import type { GatewayEnvironment } from './environment';
import { GRAPHIQL_PATH, graphiqlRoutes, loadGraphiqlExamples } from './graphiql';
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

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: urls[name] ?? SUBGRAPHS.find((s) => s.name === name)?.defaultUrl,
        // A subgraph that is down or too slow answers a clear SERVICE_UNAVAILABLE, never a hang.
        fetcher: (async (input: string, init: Record<string, unknown>) => {
          // The client's request aborts its subgraph fetches too, when its time limit passes or it goes away.
          const request = currentRequest()?.signal;
          const timeout = AbortSignal.timeout(env.SUBGRAPH_TIMEOUT_MS);
          try {
            return await fetch(input, { ...init, signal: request ? AbortSignal.any([timeout, request]) : timeout } as RequestInit);
          } catch (error) {
            logger.warn('subgraph unreachable', { subgraph: name, error: String((error as Error).cause ?? error) });
            throw new CodedError('SERVICE_UNAVAILABLE', `${name} 子服务`);
          }
        }) as never,
        // Subgraphs verify the same token again and apply their own access rules.
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
          // The active span here is the gateway's `gateway.fetch`: the subgraph's span becomes its child.
          injectTraceHeaders((name, value) => request.http?.headers.set(name, value));
        },
        // A subgraph answers input it cannot coerce (e.g. a malformed DateTime variable, which the
        // gateway cannot check) with HTTP 400 and its own coded error: pass that on, not a masked 500.
        async errorFromResponse(response) {
          const error = await RemoteGraphQLDataSource.prototype.errorFromResponse.call(this, response);
          const body = (error.extensions.response as { body?: unknown } | undefined)?.body as
            { errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }> } | undefined;
          const first = body?.errors?.[0];
          if (response.status === 400 && typeof first?.message === 'string' && first.extensions?.code === 'BAD_USER_INPUT') {
            return new GraphQLError(first.message, { extensions: { code: 'BAD_USER_INPUT' } });
          }
          return error;
        },
      }),
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
      await flushTelemetry();
    },
  };
}
