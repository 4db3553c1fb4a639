import type { Clock } from '@petition/clock';
import { systemClock } from '@petition/clock';
import type { RelayOptions } from '@petition/events';
import { ensureStream, InboxConsumer, Outbox, OutboxRelay } from '@petition/events';
import { createTokenVerifier } from '@petition/auth';
import type { Logger } from '@petition/service-kit';
import { connectNats, createDataSource, createLogger, ensureDatabase, prepareDatabase, startHttpServer, tokenConfig } from '@petition/service-kit';

import { buildIntakeContext } from './context';
import type { IntakeEnvironment } from './environment';
import { caseEventHandlers } from './events/case-events.handler';
import { Initial1763700000000 } from './migrations/1763700000000-initial';
import { DuplicateService } from './petition/duplicate.service';
import { PetitionResolver } from './petition/petition.resolver';
import { PetitionService } from './petition/petition.service';
import { PetitionerService } from './petitioner/petitioner.service';
import { PiiCipher } from './petitioner/pii-cipher';
import { ReferenceResolver } from './reference/reference.resolver';
import { ReferenceService } from './reference/reference.service';
import { buildIntakeSchema, IntakeDeadLetterResolver } from './schema';

export const INTAKE_MIGRATIONS = [Initial1763700000000];

export interface IntakeServiceOptions {
  env: IntakeEnvironment;
  clock?: Clock;
  logger?: Logger;
  /** Test hooks for the relay (fault injection). */
  relay?: Pick<RelayOptions, 'afterPublish' | 'pollIntervalMs'>;
}

export type IntakeService = Awaited<ReturnType<typeof startIntakeService>>;

export async function startIntakeService(options: IntakeServiceOptions) {
  const { env } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger('intake', env.LOG_LEVEL);
  const cipher = PiiCipher.fromEnv(env);

  if (env.NODE_ENV !== 'production') await ensureDatabase(env.DATABASE_URL);
  const dbOptions = { url: env.DATABASE_URL, schema: 'intake', entities: [], migrations: INTAKE_MIGRATIONS, extensions: ['pg_trgm'], poolSize: env.DB_POOL_SIZE };
  const dataSource = createDataSource(dbOptions);
  await prepareDatabase(dataSource, dbOptions, logger);

  const nc = await connectNats(env.NATS_URL, 'intake', logger);
  const js = nc.jetstream();
  const jsm = await nc.jetstreamManager();
  await ensureStream(jsm, env.NATS_SUBJECT_PREFIX, 'intake');

  const outbox = new Outbox('intake', 'intake');
  const reference = new ReferenceService(dataSource);
  const duplicates = new DuplicateService(dataSource);
  const petitions = new PetitionService({
    dataSource,
    outbox,
    cipher,
    clock,
    calendar: env.CALENDAR_JSON,
    routingDays: env.ROUTING_DAYS,
    accessPepper: PetitionService.accessPepper(env.PII_INDEX_KEY),
    duplicates,
  });
  const petitioners = new PetitionerService(dataSource, cipher);
  const consumer = new InboxConsumer({
    dataSource,
    schema: 'intake',
    durable: 'intake-from-case',
    source: 'case',
    js,
    jsm,
    subjectPrefix: env.NATS_SUBJECT_PREFIX,
    handlers: caseEventHandlers,
    logger,
  });

  const instances = new Map<unknown, unknown>([
    [PetitionResolver, new PetitionResolver(petitions, petitioners)],
    [ReferenceResolver, new ReferenceResolver(reference)],
    [IntakeDeadLetterResolver, new IntakeDeadLetterResolver({ dataSource, schema: 'intake', consumer })],
  ]);
  const schema = await buildIntakeSchema({ get: (cls) => instances.get(cls) });

  const relay = new OutboxRelay({ dataSource, schema: 'intake', js, subjectPrefix: env.NATS_SUBJECT_PREFIX, logger, ...options.relay });
  const http = await startHttpServer({
    schema,
    port: env.PORT,
    verifier: createTokenVerifier(tokenConfig(env)),
    logger,
    introspection: env.NODE_ENV !== 'production',
    readiness: async () => ({
      database: await dataSource.query('SELECT 1').then(() => true, () => false),
      nats: !nc.isClosed() && (await nc.flush().then(() => true, () => false)),
    }),
    buildContext: (base) => buildIntakeContext(base, petitions, reference),
  });
  await relay.start();
  await consumer.start();
  logger.info('intake subgraph ready', { url: http.url });

  return {
    url: http.url,
    port: http.port,
    dataSource,
    relay,
    consumer,
    nats: nc,
    logger,
    /** Graceful stop: no new requests, finish the event in hand, flush the outbox, close connections. */
    async stop() {
      await http.close();
      await consumer.stop();
      await relay.stop();
      await nc.drain().catch(() => undefined);
      await dataSource.destroy();
    },
  };
}
