import { randomUUID } from 'crypto';
import type { IncomingMessage, Server, ServerResponse } from 'http';
import { createServer } from 'http';
import type { AddressInfo } from 'net';

import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';

import type { Caller, TokenVerifier } from '@petition/auth';
import { CodedError } from '@petition/subgraph';

import { createErrorFormatter } from './format-error';
import type { Logger } from './logger';

export interface RequestContext extends BaseContext {
  caller: Caller;
  requestId: string;
  logger: Logger;
  /** The verified bearer token as received: the gateway forwards it to subgraphs. */
  authorization?: string;
}

export interface HttpServerOptions<C extends RequestContext> {
  /** A subgraph's schema, or (for the gateway) an Apollo Gateway. */
  schema?: GraphQLSchema;
  // @apollo/gateway implements an older copy of the gateway interface type than @apollo/server 5 ships.
  gateway?: object;
  port: number;
  host?: string;
  verifier: TokenVerifier;
  logger: Logger;
  /** Named readiness checks: /readyz is 200 only when every one is true. */
  readiness: () => Promise<Record<string, boolean>>;
  buildContext: (base: RequestContext) => C | Promise<C>;
  introspection?: boolean;
  maxBodyBytes?: number;
  plugins?: ApolloServerPlugin<C>[];
  /** Extra routes (e.g. a queue screen); return true when handled. */
  routes?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

export interface RunningHttpServer {
  port: number;
  url: string;
  server: Server;
  /** Stops accepting connections and waits for requests in flight. */
  close(): Promise<void>;
}

export async function startHttpServer<C extends RequestContext>(options: HttpServerOptions<C>): Promise<RunningHttpServer> {
  const { logger } = options;
  const apollo = new ApolloServer<C>({
    ...(options.gateway ? { gateway: options.gateway as never } : { schema: options.schema! }),
    introspection: options.introspection ?? true,
    csrfPrevention: true,
    // Shutdown is ours (onShutdown): Apollo's own signal handler would stop it behind our back.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled(), ...(options.plugins ?? [])],
  });
  await apollo.start();
  const maxBody = options.maxBodyBytes ?? 1_000_000;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => {
      logger.error('http handler failed', { error: String(error) });
      if (!res.headersSent) send(res, 500, { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    });
  });
  server.keepAliveTimeout = 65_000;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return send(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const checks = await options.readiness().catch(() => ({ readiness: false }));
      const ok = Object.values(checks).every(Boolean);
      return send(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', checks });
    }
    if (options.routes && (await options.routes(req, res))) return;
    if (path !== '/graphql') return send(res, 404, { error: 'not found' });

    const requestId = headerValue(req, 'x-request-id') ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    const log = logger.child({ requestId });
    const started = process.hrtime.bigint();

    let caller: Caller;
    try {
      caller = await options.verifier.verify(headerValue(req, 'authorization'));
    } catch (error) {
      const coded = error instanceof CodedError ? error : new CodedError('UNAUTHENTICATED');
      return send(res, 401, { errors: [{ message: coded.message, extensions: { code: coded.code } }] });
    }

    const body = req.method === 'POST' ? await readBody(req, maxBody) : '';
    if (body === null) {
      return send(res, 413, { errors: [{ message: '请求体过大 (BAD_REQUEST)', extensions: { code: 'BAD_REQUEST' } }] });
    }
    let parsed: unknown = undefined;
    if (body) {
      try {
        parsed = JSON.parse(body);
      } catch {
        return send(res, 400, { errors: [{ message: '请求体不是有效的 JSON (BAD_REQUEST)', extensions: { code: 'BAD_REQUEST' } }] });
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: new URL(req.url ?? '/', 'http://x').search, body: parsed },
      context: async () => options.buildContext({ caller, requestId, logger: log, authorization: headerValue(req, 'authorization') }),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
    log.debug('graphql request', { subject: caller.subject, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 });
  }

  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    server,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
