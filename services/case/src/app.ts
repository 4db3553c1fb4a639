import { createTokenVerifier } from '@petition/auth';
import type { Clock } from '@petition/clock';
import { systemClock } from '@petition/clock';
import type { ConsumerOptions, RelayOptions } from '@petition/events';
import { ensureStream, InboxConsumer, Outbox, OutboxRelay } from '@petition/events';
import type { Logger } from '@petition/service-kit';
import { connectNats, createDataSource, createLogger, ensureDatabase, prepareDatabase, startHttpServer, tokenConfig } from '@petition/service-kit';

import { CaseResolver } from './case/case.resolver';
import { CaseService } from './case/case.service';
import { PetitionCaseResolver } from './case/petition-case.resolver';
import { buildCaseContext } from './context';
import type { CaseEnvironment } from './environment';
import { intakeEventHandlers } from './events/intake-events.handler';
import { Initial1763700000001 } from './migrations/1763700000001-initial';
import { buildCaseSchema, CaseDeadLetterResolver } from './schema';

export const CASE_MIGRATIONS = [Initial1763700000001];

export interface CaseServiceOptions {
  env: CaseEnvironment;
  clock?: Clock;
  logger?: Logger;
  relay?: Pick<RelayOptions, 'afterPublish' | 'pollIntervalMs'>;
  consumer?: Pick<ConsumerOptions, 'maxDeliver' | 'retryDelaysMs' | 'ackWaitMs'>;
}

export type CaseServiceRuntime = Awaited<ReturnType<typeof startCaseService>>;

export async function startCaseService(options: CaseServiceOptions) {
  const { env } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger('case', env.LOG_LEVEL);

  if (env.NODE_ENV !== 'production') await ensureDatabase(env.DATABASE_URL);
  const dbOptions = { url: env.DATABASE_URL, schema: 'cases', entities: [], migrations: CASE_MIGRATIONS, poolSize: env.DB_POOL_SIZE };
  const dataSource = createDataSource(dbOptions);
  await prepareDatabase(dataSource, dbOptions, logger);

  const nc = await connectNats(env.NATS_URL, 'case', logger);
  const js = nc.jetstream();
  const jsm = await nc.jetstreamManager();
  await ensureStream(jsm, env.NATS_SUBJECT_PREFIX, 'case');

  const outbox = new Outbox('cases', 'case');
  const cases = new CaseService({ dataSource, outbox, clock, calendar: env.CALENDAR_JSON, rules: env.CASE_DEADLINE_DAYS });
  const consumer = new InboxConsumer({
    dataSource,
    schema: 'cases',
    durable: 'case-from-intake',
    source: 'intake',
    js,
    jsm,
    subjectPrefix: env.NATS_SUBJECT_PREFIX,
    handlers: intakeEventHandlers(cases),
    logger,
    ...options.consumer,
  });

  const instances = new Map<unknown, unknown>([
    [CaseResolver, new CaseResolver(cases)],
    [PetitionCaseResolver, new PetitionCaseResolver()],
    [CaseDeadLetterResolver, new CaseDeadLetterResolver({ dataSource, schema: 'cases', consumer })],
  ]);
  const schema = await buildCaseSchema({ get: (cls) => instances.get(cls) });

  const relay = new OutboxRelay({ dataSource, schema: 'cases', js, subjectPrefix: env.NATS_SUBJECT_PREFIX, logger, ...options.relay });
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
    buildContext: (base) => buildCaseContext(base, cases),
  });
  await relay.start();
  await consumer.start();

  let scanning: Promise<unknown> | undefined;
  const scanTimer =
    env.OVERDUE_SCAN_INTERVAL_MS > 0
      ? setInterval(() => {
          scanning ??= cases
            .scanOverdue()
            .catch((error) => logger.warn('overdue scan failed', { error: String(error) }))
            .finally(() => (scanning = undefined));
        }, env.OVERDUE_SCAN_INTERVAL_MS)
      : undefined;
  scanTimer?.unref();
  logger.info('case subgraph ready', { url: http.url });

  return {
    url: http.url,
    port: http.port,
    dataSource,
    relay,
    consumer,
    cases,
    nats: nc,
    logger,
    async stop() {
      if (scanTimer) clearInterval(scanTimer);
      await http.close();
      await consumer.stop();
      await scanning;
      await relay.stop();
      await nc.drain().catch(() => undefined);
      await dataSource.destroy();
    },
  };
}
