import type { Clock } from '@petition/clock';
import { chinaDate, systemClock } from '@petition/clock';
import type { ConsumerOptions, RelayOptions } from '@petition/events';
import type { Logger } from '@petition/service-kit';
import { createLogger, startPeriodic, startSubgraphRuntime } from '@petition/service-kit';

import { buildReceptionContext, type ReceptionContext } from './context';
import type { ReceptionEnvironment } from './environment';
import { Initial1763900000000 } from './migrations/1763900000000-initial';
import { AccusedUnit1764100000000 } from './migrations/1764100000000-accused-unit';
import { AuditLog1764200000004 } from './migrations/1764200000004-audit-log';
import { FiguresService } from './reception/figures.service';
import { HallService } from './reception/hall.service';
import { LeaderService } from './reception/leader.service';
import { HallFieldResolver, PetitionReceptionResolver, ReceptionResolver } from './reception/reception.resolver';
import { VisitService } from './reception/visit.service';
import { buildReceptionSchema, ReceptionDeadLetterResolver } from './schema';
import { QueueScreen } from './screen/screen';

export const RECEPTION_MIGRATIONS = [Initial1763900000000, AccusedUnit1764100000000, AuditLog1764200000004];

export interface ReceptionServiceOptions {
  env: ReceptionEnvironment;
  clock?: Clock;
  logger?: Logger;
  relay?: Pick<RelayOptions, 'afterPublish' | 'pollIntervalMs'>;
  consumer?: Pick<ConsumerOptions, 'maxDeliver' | 'retryDelaysMs' | 'ackWaitMs'>;
}

export type ReceptionServiceRuntime = Awaited<ReturnType<typeof startReceptionService>>;

export async function startReceptionService(options: ReceptionServiceOptions) {
  const { env } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger('reception', env.LOG_LEVEL);
  let halls: HallService | undefined;
  let screen: QueueScreen | undefined;

  const runtime = await startSubgraphRuntime<ReceptionContext>({
    service: 'reception',
    dbSchema: 'reception',
    migrations: RECEPTION_MIGRATIONS,
    consumes: [{ source: 'intake', durable: 'reception-from-intake' }],
    env,
    logger,
    relay: options.relay,
    consumer: options.consumer,
    wire: async ({ dataSource, outbox, deadLetters, databaseUrl }) => {
      const deps = { dataSource, outbox, clock, config: env.RECEPTION_CONFIG };
      halls = new HallService(deps);
      const visits = new VisitService(deps, halls);
      const leaders = new LeaderService({ ...deps, calendar: env.CALENDAR_JSON }, halls, visits);
      const figures = new FiguresService(deps, halls);
      screen = new QueueScreen({ dataSource, databaseUrl, clock, logger });
      await screen.start();
      const services = { halls, visits, leaders, figures, today: () => chinaDate(clock.now()) };
      const instances = new Map<unknown, unknown>([
        [ReceptionResolver, new ReceptionResolver(services)],
        [HallFieldResolver, new HallFieldResolver()],
        [PetitionReceptionResolver, new PetitionReceptionResolver()],
        [ReceptionDeadLetterResolver, new ReceptionDeadLetterResolver(deadLetters)],
      ]);
      return {
        schema: await buildReceptionSchema({ get: (cls) => instances.get(cls) }),
        buildContext: (base) => buildReceptionContext(base, services),
        handlers: { 'intake.petition.registered': (event, tx) => visits.petitionRegistered(event, tx) },
        routes: screen.routes,
        beforeClose: () => screen!.stop(),
      };
    },
    // The scan starts once the service runs (below); stop() is only reachable after that.
    onStop: () => scan.stop(),
  });

  // Absence from duty is recorded when it happens, not when someone next looks.
  const scan = startPeriodic('duty scan', env.DUTY_SCAN_INTERVAL_MS, () => halls!.scanAbsences(), logger);
  return { ...runtime, halls: halls!, screen: screen! };
}
