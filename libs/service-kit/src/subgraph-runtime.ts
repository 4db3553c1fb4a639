import type { GraphQLSchema } from 'graphql';
import type { JetStreamClient, JetStreamManager } from 'nats';
import type { MixedList } from 'typeorm';

import { createTokenVerifier } from '@petition/auth';
import type { ConsumerOptions, HandlerMap, RelayOptions } from '@petition/events';
import { connectNats, ensureStream, InboxConsumer, Outbox, OutboxRelay, quoteIdent, streamName } from '@petition/events';

import type { commonEnvironment } from './common-environment';
import { tokenConfig } from './common-environment';
import { createAuditPlugin } from './audit/audit-plugin';
import { createDataSource, ensureDatabase, prepareDatabase } from './database';
import type { DeadLetterSource } from './dead-letter.resolver';
import type { ParsedEnvironment } from './environment';
import type { HttpServerOptions, RequestContext } from './http-server';
import { startHttpServer } from './http-server';
import type { Logger } from './logger';
import { ServiceMetrics } from './metrics';
import { flushTelemetry, initTelemetry } from './telemetry';

type CommonEnvironment = ParsedEnvironment<typeof commonEnvironment> & { PORT: number };

export interface SubgraphWiring<C extends RequestContext> {
  schema: GraphQLSchema;
  buildContext: (base: RequestContext) => C;
  /** Handlers for the events this service consumes. */
  handlers: HandlerMap;
  /** Extra HTTP routes beside /graphql (e.g. a queue screen); return true when handled. */
  routes?: HttpServerOptions<C>['routes'];
  /** Called first on stop, before the HTTP server waits for its connections (e.g. to end event streams). */
  beforeClose?: () => Promise<void> | void;
}

export interface SubgraphRuntimeOptions<C extends RequestContext> {
  /** Service name: the stream it publishes to and the event `source`. */
  service: string;
  /** Its PostgreSQL schema (outbox, inbox and dead letters live there too). */
  dbSchema: string;
  migrations: MixedList<Function>;
  extensions?: string[];
  /** The publishing services whose streams it consumes, each with its durable consumer's name. */
  consumes: Array<{ source: string; durable: string }>;
  env: CommonEnvironment;
  logger: Logger;
  relay?: Pick<RelayOptions, 'afterPublish' | 'pollIntervalMs'>;
  consumer?: Pick<ConsumerOptions, 'maxDeliver' | 'retryDelaysMs' | 'ackWaitMs'>;
  /** Service-specific wiring: resolvers, schema, context, event handlers. */
  wire: (deps: {
    dataSource: ReturnType<typeof createDataSource>;
    outbox: Outbox;
    deadLetters: DeadLetterSource;
    /** The application role's URL, for a service's own extra connections (e.g. a LISTEN). */
    databaseUrl: string;
    /** JetStream, for services that read streams themselves (e.g. to rebuild a projection). */
    js: JetStreamClient;
    jsm: JetStreamManager;
  }) => Promise<SubgraphWiring<C>>;
  /** Extra work stopped before the relay flushes (e.g. a periodic scan). */
  onStop?: () => Promise<void>;
}

/**
 * Everything a subgraph service runs on, in start order: database (schema, extensions,
 * migrations and grants as the owner, then the application role's pool), NATS and its stream, the
 * service's wiring, the HTTP server (every mutation audited), the outbox relay and the inbox
 * consumer. `stop()` reverses it gracefully.
 */
export async function startSubgraphRuntime<C extends RequestContext>(options: SubgraphRuntimeOptions<C>) {
  const { env, logger, dbSchema } = options;
  initTelemetry({ service: options.service, otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
  const metrics = new ServiceMetrics(options.service, logger);
  const production = env.NODE_ENV === 'production';
  if (!production) await ensureDatabase(env.DATABASE_URL);
  const dbOptions = {
    url: env.DATABASE_URL,
    schema: dbSchema,
    entities: [],
    migrations: options.migrations,
    extensions: options.extensions,
    poolSize: env.DB_POOL_SIZE,
  };
  // Migrations run as the schema owner; the service then runs as the application role, which
  // cannot rewrite the audit trail.
  const databaseUrl = await prepareDatabase(
    { ...dbOptions, appRole: { user: env.DATABASE_APP_USER, password: env.DATABASE_APP_PASSWORD, production } },
    logger,
  );
  const dataSource = createDataSource({ ...dbOptions, url: databaseUrl, statementTimeoutMs: 25_000 });
  await dataSource.initialize();

  const nc = await connectNats(env.NATS_URL, options.service, logger);
  const js = nc.jetstream();
  const jsm = await nc.jetstreamManager();
  await ensureStream(jsm, env.NATS_SUBJECT_PREFIX, options.service);

  // The dead-letter resolver is part of the schema, the consumer needs the wiring's handlers.
  const consumers = new Map<string, InboxConsumer>();
  const wiring = await options.wire({
    dataSource,
    outbox: new Outbox(dbSchema, options.service),
    deadLetters: { dataSource, schema: dbSchema, consumer: (source) => consumers.get(source) },
    databaseUrl,
    js,
    jsm,
  });
  for (const { source, durable } of options.consumes) {
    consumers.set(
      source,
      new InboxConsumer({
        dataSource,
        schema: dbSchema,
        durable,
        source,
        js,
        jsm,
        subjectPrefix: env.NATS_SUBJECT_PREFIX,
        handlers: wiring.handlers,
        logger,
        service: options.service,
        onHandled: (outcome) => metrics.eventsHandled.inc({ durable, outcome }),
        ...options.consumer,
      }),
    );
  }
  const relay = new OutboxRelay({
    dataSource,
    schema: dbSchema,
    js,
    subjectPrefix: env.NATS_SUBJECT_PREFIX,
    logger,
    service: options.service,
    onPublished: (types) => {
      for (const type of types) metrics.eventsPublished.inc({ type });
    },
    ...options.relay,
  });
  registerEventGauges(metrics, { dataSource, dbSchema, relay, jsm, prefix: env.NATS_SUBJECT_PREFIX, consumes: options.consumes });

  const http = await startHttpServer<C>({
    service: options.service,
    metrics,
    schema: wiring.schema,
    port: env.PORT,
    host: env.HOST,
    verifier: createTokenVerifier(tokenConfig(env)),
    logger,
    introspection: !production,
    // Limits, batch size and body size at their defaults (a subgraph sits behind the gateway); no rate limit.
    hideSchemaDetails: production,
    readiness: async () => ({
      database: await dataSource.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      nats:
        !nc.isClosed() &&
        (await nc.flush().then(
          () => true,
          () => false,
        )),
    }),
    buildContext: wiring.buildContext,
    routes: wiring.routes,
    plugins: [createAuditPlugin<C>({ dataSource, schema: dbSchema, logger, onWriteFailure: () => metrics.auditWriteFailures.inc() })],
  });
  await relay.start();
  for (const consumer of consumers.values()) await consumer.start();
  logger.info(`${options.service} subgraph ready`, { url: http.url });

  return {
    url: http.url,
    port: http.port,
    dataSource,
    /** The URL the service connects with (the application role's). */
    databaseUrl,
    relay,
    /** The consumer of the first stream consumed (most services consume one). */
    consumer: consumers.values().next().value!,
    consumers,
    nats: nc,
    logger,
    /** The registry served on /metrics (a service adds its own gauges). */
    metrics,
    /** Graceful stop: no new requests, finish the event in hand, flush the outbox, close connections. */
    async stop() {
      await wiring.beforeClose?.();
      await http.close();
      for (const consumer of consumers.values()) await consumer.stop();
      await options.onStop?.();
      await relay.stop();
      await nc.drain().catch(() => undefined);
      await dataSource.destroy();
      await flushTelemetry();
    },
  };
}

/** Outbox backlog, consumer lag and dead letters: read when scraped, one cheap query or request each. */
function registerEventGauges(
  metrics: ServiceMetrics,
  deps: {
    dataSource: ReturnType<typeof createDataSource>;
    dbSchema: string;
    relay: OutboxRelay;
    jsm: JetStreamManager;
    prefix: string;
    consumes: Array<{ source: string; durable: string }>;
  },
) {
  metrics.scrapeGauge('outbox_backlog', 'Outbox rows not yet published to JetStream', () => deps.relay.backlog());
  metrics.scrapeGauge('dead_letters', 'Dead-lettered events not yet replayed', async () => {
    const [row] = await deps.dataSource.query(
      `SELECT count(*)::int AS n FROM ${quoteIdent(deps.dbSchema)}.dead_letter WHERE replayed_at IS NULL`,
    );
    return row.n as number;
  });
  if (deps.consumes.length === 0) return;
  metrics.scrapeGauge(
    'consumer_lag',
    'Messages of the stream not yet delivered to the durable consumer (JetStream num_pending)',
    () =>
      Promise.all(
        deps.consumes.map(async ({ source, durable }) => {
          const stream = streamName(deps.prefix, source);
          const info = await deps.jsm.consumers.info(stream, durable);
          return { labels: { stream, durable }, value: info.num_pending };
        }),
      ),
    ['stream', 'durable'],
  );
}
