import type { Clock } from '@petition/clock';
import { systemClock } from '@petition/clock';
import type { ConsumerOptions, RelayOptions } from '@petition/events';
import type { Logger } from '@petition/service-kit';
import { createLogger, startPeriodic, startSubgraphRuntime } from '@petition/service-kit';

import { CaseResolver } from './case/case.resolver';
import { CaseService } from './case/case.service';
import { PetitionCaseResolver } from './case/petition-case.resolver';
import { buildCaseContext, type CaseContext } from './context';
import type { CaseEnvironment } from './environment';
import { caseEventHandlers } from './events/event-handlers';
import { Initial1763700000001 } from './migrations/1763700000001-initial';
import { JointAssignment1763900000001 } from './migrations/1763900000001-joint-assignment';
import { AuditLog1764200000002 } from './migrations/1764200000002-audit-log';
import { buildCaseSchema, CaseDeadLetterResolver } from './schema';

export const CASE_MIGRATIONS = [Initial1763700000001, JointAssignment1763900000001, AuditLog1764200000002];

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
  let cases: CaseService | undefined;

  const runtime = await startSubgraphRuntime<CaseContext>({
    service: 'case',
    dbSchema: 'cases',
    migrations: CASE_MIGRATIONS,
    consumes: [
      { source: 'intake', durable: 'case-from-intake' },
      { source: 'reception', durable: 'case-from-reception' },
    ],
    env,
    logger,
    relay: options.relay,
    consumer: options.consumer,
    wire: async ({ dataSource, outbox, deadLetters }) => {
      const service = new CaseService({ dataSource, outbox, clock, calendar: env.CALENDAR_JSON, rules: env.CASE_DEADLINE_DAYS });
      cases = service;
      const instances = new Map<unknown, unknown>([
        [CaseResolver, new CaseResolver(service)],
        [PetitionCaseResolver, new PetitionCaseResolver()],
        [CaseDeadLetterResolver, new CaseDeadLetterResolver(deadLetters)],
      ]);
      return {
        schema: await buildCaseSchema({ get: (cls) => instances.get(cls) }),
        buildContext: (base) => buildCaseContext(base, service),
        handlers: caseEventHandlers(service),
      };
    },
    // The scan starts once the service runs (below); stop() is only reachable after that.
    onStop: () => scan.stop(),
  });

  // The supervision scan: overdue decision deadlines and lapsed appeal windows.
  const scan = startPeriodic('overdue scan', env.OVERDUE_SCAN_INTERVAL_MS, () => cases!.scanOverdue(), logger);
  runtime.metrics.scrapeGauge('cases_overdue', 'Open cases with a decision deadline (acceptance, handling, result, review) past due', () =>
    cases!.countOverdue(),
  );
  return { ...runtime, cases: cases! };
}
