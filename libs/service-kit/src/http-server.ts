import { randomUUID } from 'crypto';
import type { IncomingMessage, Server, ServerResponse } from 'http';
import { createServer } from 'http';
import type { AddressInfo, Socket } from 'net';

import type { ApolloServerPlugin, BaseContext, HTTPGraphQLResponse } from '@apollo/server';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { parse } from 'graphql';

import type { Caller, TokenVerifier } from '@petition/auth';
import type { ErrorCode } from '@petition/subgraph';
import { CodedError } from '@petition/subgraph';

import { nonPublicRootFields } from './anonymous-access';
import { createErrorFormatter } from './format-error';
import type { Logger } from './logger';
import { METRICS_CONTENT_TYPE, ServiceMetrics } from './metrics';
import { nulGuardPlugin } from './nul-guard';
import { RateLimiter, rateLimitedError } from './rate-limit';
import { DEFAULT_REQUEST_LIMITS, requestLimitsPlugin, type RequestLimits } from './request-limits';
import { currentRequest, runInRequestScope, type RequestObservation, type RequestScope } from './request-scope';
import { contextFromHeaders, endSpan, initTelemetry, otelContext, otelTrace, SpanKind, startSpan } from './telemetry';

export interface RequestContext extends BaseContext {
  caller: Caller;
  requestId: string;
  logger: Logger;
  /** The verified bearer token as received: the gateway forwards it to subgraphs. */
  authorization?: string;
}

export interface HttpServerOptions<C extends RequestContext> {
  /** Names the spans and metrics of this server (default `graphql`). */
  service?: string;
  /** The service's metric registry, served on /metrics (default: one of its own). */
  metrics?: ServiceMetrics;
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
  /** Production: validation errors name no field the client did not write ("Did you mean …" is dropped). */
  hideSchemaDetails?: boolean;
  /** Largest request body (default 1 MB): above it, HTTP 413 PAYLOAD_TOO_LARGE. */
  maxBodyBytes?: number;
  /** Operations in one batched (JSON array) request (default 5): above it, HTTP 400 BATCH_TOO_LARGE. */
  maxBatch?: number;
  /** Depth, aliases, root fields, cost and page size of each operation (defaults: DEFAULT_REQUEST_LIMITS). */
  limits?: Partial<RequestLimits>;
  /** Time for one request, body included (default 30 s): then HTTP 504 REQUEST_TIMEOUT. */
  requestTimeoutMs?: number;
  /** Requests per caller (token subject, or client address without a token); off when absent or 0. */
  rateLimit?: { perMinute: number; burst: number };
  plugins?: ApolloServerPlugin<C>[];
  /** Extra routes (e.g. a queue screen); return true when handled. */
  routes?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

export interface RunningHttpServer {
  port: number;
  url: string;
  server: Server;
  /** The registry served on /metrics: a service adds its own gauges to it. */
  metrics: ServiceMetrics;
  /** Stops accepting connections and waits for requests in flight. */
  close(): Promise<void>;
}

/** A refusal answered by this layer, before (or instead of) Apollo. */
class Refusal {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'BAD_REQUEST',
    readonly message: string,
    readonly headers: Record<string, string> = {},
  ) {}

  static coded(status: number, error: CodedError, headers?: Record<string, string>) {
    return new Refusal(status, error.code, error.message, headers);
  }
}

const TIMED_OUT = Symbol('timed out');

function observationPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      // Apollo plugins see the request scope, not the HTTP request: the observation is kept there.
      const observation = currentRequest()?.observation;
      if (!observation) return;
      return {
        async didResolveOperation(rc) {
          observation.operationType ??= rc.operation?.operation;
          observation.operationName ??= rc.operationName ?? undefined;
        },
        async willSendResponse(rc) {
          const body = rc.response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          const code = errors?.[0]?.extensions?.code;
          if (!observation.outcome || observation.outcome === 'OK')
            observation.outcome = typeof code === 'string' ? code : errors?.length ? 'ERROR' : 'OK';
        },
      };
    },
  };
}
// A client-supplied request id is kept only when it is short and plain (it goes into logs and headers).
const REQUEST_ID = /^[\w.:@-]{1,128}$/;

export async function startHttpServer<C extends RequestContext>(options: HttpServerOptions<C>): Promise<RunningHttpServer> {
  const { logger } = options;
  const limits: RequestLimits = { ...DEFAULT_REQUEST_LIMITS, ...options.limits };
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  const maxBatch = options.maxBatch ?? 5;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const limiter = new RateLimiter({ perMinute: options.rateLimit?.perMinute ?? 0, burst: options.rateLimit?.burst ?? 0 });
  const service = options.service ?? 'graphql';
  initTelemetry({ service });
  const metrics = options.metrics ?? new ServiceMetrics(service, logger);
  // /readyz as a metric: Prometheus alerts on it (ServiceNotReady) without parsing JSON.
  metrics.scrapeGauge('service_ready', '1 when every readiness check of /readyz passes, else 0', async () => {
    const checks = await options.readiness().catch(() => ({ readiness: false }));
    return Object.values(checks).every(Boolean) ? 1 : 0;
  });

  const apollo = new ApolloServer<C>({
    ...(options.gateway ? { gateway: options.gateway as never } : { schema: options.schema! }),
    introspection: options.introspection ?? true,
    hideSchemaDetailsFromClientErrors: options.hideSchemaDetails ?? false,
    csrfPrevention: true,
    // Each operation of a batch runs the whole pipeline, limits included; the count is checked here first.
    allowBatchedHttpRequests: true,
    // No automatic persisted queries: a hash must not stand in for a query this layer has not seen.
    persistedQueries: false,
    // Shutdown is ours (onShutdown): Apollo's own signal handler would stop it behind our back.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      requestLimitsPlugin<C>(limits),
      nulGuardPlugin<C>(),
      observationPlugin<C>(),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => {
      logger.error('http handler failed', { error: String(error) });
      if (!res.headersSent) send(res, 500, { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    });
  });
  server.keepAliveTimeout = 65_000;
  // Connections and the requests in flight on each: on close, one with none is ended at once. Node's
  // closeIdleConnections skips a connection that never sent a request (a browser's preconnect), and
  // close() would then wait for the headers timeout.
  const inFlight = new Map<Socket, number>();
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.on('close', () => inFlight.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.on('close', () => inFlight.has(socket) && inFlight.set(socket, inFlight.get(socket)! - 1));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return send(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const checks = await options.readiness().catch(() => ({ readiness: false }));
      const ok = Object.values(checks).every(Boolean);
      return send(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', checks });
    }
    if (path === '/metrics' && req.method === 'GET') {
      res.statusCode = 200;
      res.setHeader('content-type', METRICS_CONTENT_TYPE);
      return void res.end(await metrics.render());
    }
    if (options.routes && (await options.routes(req, res))) return;
    if (path !== '/graphql') return send(res, 404, { error: 'not found' });

    const given = headerValue(req, 'x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    // The server span continues the caller's trace (`traceparent`): the gateway's subgraph fetches carry it.
    const parent = contextFromHeaders(req.headers);
    const span = startSpan(
      service,
      `${req.method ?? 'GET'} /graphql`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': '/graphql', 'petition.request_id': requestId },
      },
      parent,
    );
    const observation: RequestObservation = {};
    let failure: unknown;
    try {
      await otelContext.with(otelTrace.setSpan(parent, span), () => serveGraphql(req, res, requestId, observation, started));
    } catch (error) {
      failure = error;
      observation.outcome = 'INTERNAL_SERVER_ERROR';
      throw error;
    } finally {
      const status = res.statusCode;
      const outcome = observation.outcome ?? (status >= 400 ? `HTTP_${status}` : 'OK');
      metrics.requestDuration.observe(
        { operation: observation.operationType ?? 'none', outcome },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      span.setAttributes({
        'http.response.status_code': status,
        'petition.outcome': outcome,
        ...(observation.operationType ? { 'graphql.operation.type': observation.operationType } : {}),
        ...(observation.operationName ? { 'graphql.operation.name': observation.operationName } : {}),
      });
      endSpan(span, failure ?? (status >= 500 ? new Error(outcome) : undefined));
    }
  }

  async function serveGraphql(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    observation: RequestObservation,
    started: bigint,
  ) {
    const log = logger.child({ requestId });
    // Aborted at the time limit, or when the client goes away: the gateway's subgraph fetches stop with it.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMED_OUT), timeoutMs);
    res.on('close', () => controller.abort(new Error('client gone')));
    const timedOut = new Promise<typeof TIMED_OUT>((resolve) =>
      controller.signal.addEventListener('abort', () => controller.signal.reason === TIMED_OUT && resolve(TIMED_OUT), { once: true }),
    );

    try {
      const scope: RequestScope = { requestId, logger: log, signal: controller.signal, observation };
      await runInRequestScope(scope, async () => {
        const work = serve(req, log, requestId);
        work.catch(() => undefined); // after a timeout nobody awaits it
        const outcome = await Promise.race([work, timedOut]);
        if (outcome === TIMED_OUT) {
          if (res.headersSent || res.destroyed) return;
          const error = new CodedError('REQUEST_TIMEOUT', `超过 ${timeoutMs} 毫秒`);
          log.warn('request timed out', { ms: timeoutMs });
          observation.outcome = 'REQUEST_TIMEOUT';
          return refuse(res, requestId, Refusal.coded(504, error, { connection: 'close' }), log, req);
        }
        if (outcome instanceof Refusal) {
          observation.outcome = outcome.code;
          return refuse(res, requestId, outcome, log, req);
        }
        await write(res, outcome.response);
        log.debug('graphql request', {
          subject: outcome.caller.subject,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        });
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Everything before the answer is written: the caller, the rate, the body, the anonymous rule, Apollo. */
  async function serve(
    req: IncomingMessage,
    log: Logger,
    requestId: string,
  ): Promise<Refusal | { response: HTTPGraphQLResponse; caller: Caller }> {
    const address = `address:${req.socket.remoteAddress ?? 'unknown'}`;
    let caller: Caller;
    try {
      caller = await options.verifier.verify(headerValue(req, 'authorization'));
    } catch (error) {
      // A bad token counts against its address: guessing tokens is rate-limited too.
      const rate = limiter.take(address);
      if (!rate.allowed) return rateLimited(rate.retryAfterSeconds);
      return Refusal.coded(401, error instanceof CodedError ? error : new CodedError('UNAUTHENTICATED'));
    }
    const rateKey = caller.anonymous ? address : `subject:${caller.subject}`;
    const rate = limiter.take(rateKey);
    if (!rate.allowed) return rateLimited(rate.retryAfterSeconds);

    const body = req.method === 'POST' ? await readBody(req, maxBody) : '';
    if (body === null) {
      return Refusal.coded(413, new CodedError('PAYLOAD_TOO_LARGE', `最大 ${maxBody} 字节`), { connection: 'close' });
    }
    let parsed: unknown = undefined;
    if (body) {
      try {
        parsed = JSON.parse(body);
      } catch {
        return new Refusal(400, 'BAD_REQUEST', '请求体不是有效的 JSON (BAD_REQUEST)');
      }
    }
    if (Array.isArray(parsed)) {
      if (parsed.length > maxBatch) {
        return Refusal.coded(400, new CodedError('BATCH_TOO_LARGE', `${parsed.length} 个操作，最多 ${maxBatch} 个`));
      }
      // A batch costs one request per operation.
      const more = parsed.length > 1 ? limiter.take(rateKey, parsed.length - 1) : ({ allowed: true } as const);
      if (!more.allowed) return rateLimited(more.retryAfterSeconds);
    }

    const search = new URL(req.url ?? '/', 'http://x').search;
    if (caller.anonymous) {
      const refused = anonymousRefusal(req.method === 'POST' ? parsed : Object.fromEntries(new URLSearchParams(search)));
      if (refused) {
        log.info('anonymous request refused', { fields: refused.slice(0, 10) });
        return Refusal.coded(401, new CodedError('UNAUTHENTICATED', '此查询须登录'));
      }
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body: parsed },
      context: async () => options.buildContext({ caller, requestId, logger: log, authorization: headerValue(req, 'authorization') }),
    });
    return { response, caller };
  }

  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    server,
    metrics,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        for (const [socket, requests] of inFlight) if (requests === 0) socket.destroy();
      });
      await apollo.stop();
    },
  };
}

function rateLimited(retryAfterSeconds: number) {
  return Refusal.coded(429, rateLimitedError(retryAfterSeconds), { 'retry-after': String(retryAfterSeconds) });
}

/**
 * The root fields an anonymous request may not run (null: it may). Each operation of a batch is
 * checked; an operation without query text, or one that does not parse (within a small token
 * budget: the tracking query needs a few dozen), is refused too: there is nothing to check.
 */
function anonymousRefusal(body: unknown): string[] | null {
  const operations = Array.isArray(body) ? body : [body];
  const refused: string[] = [];
  for (const operation of operations) {
    const query = operation && typeof operation === 'object' ? (operation as { query?: unknown }).query : undefined;
    if (typeof query !== 'string') {
      refused.push('(no query)');
      continue;
    }
    let document;
    try {
      document = parse(query, { noLocation: true, maxTokens: 2000 });
    } catch {
      refused.push('(unparsable)');
      continue;
    }
    refused.push(...nonPublicRootFields(document));
  }
  return refused.length ? refused : null;
}

function refuse(res: ServerResponse, requestId: string, refusal: Refusal, log: Logger, req: IncomingMessage) {
  if (refusal.status >= 500 || refusal.status === 429) log.warn('request refused', { code: refusal.code, status: refusal.status });
  else log.info('request refused', { code: refusal.code, status: refusal.status });
  for (const [key, value] of Object.entries(refusal.headers)) res.setHeader(key, value);
  send(res, refusal.status, { errors: [{ message: refusal.message, extensions: { code: refusal.code, requestId } }] });
  if (!req.complete) drain(req);
}

async function write(res: ServerResponse, response: HTTPGraphQLResponse) {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
  } else {
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The body as text, or null once it passes `max` bytes (the rest is left to `drain`). */
function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  const declared = Number(headerValue(req, 'content-length'));
  if (Number.isFinite(declared) && declared > max) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
      resolve(null);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/**
 * After an early answer (413, a timeout), the rest of the body is read and dropped so the client
 * sees the answer rather than a reset; a client that keeps sending for long is cut off.
 */
function drain(req: IncomingMessage, maxBytes = 8_000_000, maxMs = 5_000) {
  let size = 0;
  const cut = setTimeout(() => req.destroy(), maxMs);
  cut.unref();
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) req.destroy();
  });
  req.on('end', () => clearTimeout(cut));
  req.on('close', () => clearTimeout(cut));
  req.on('error', () => undefined);
  req.resume();
}

export function send(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
