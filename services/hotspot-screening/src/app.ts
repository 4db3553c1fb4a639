import type { Clock } from '@petition/clock';
import { systemClock } from '@petition/clock';
import type { ConsumerOptions, RelayOptions } from '@petition/events';
import type { Logger } from '@petition/service-kit';
import { createLogger, startPeriodic, startSubgraphRuntime } from '@petition/service-kit';

import { buildHotspotContext, type HotspotContext } from './context';
import type { HotspotEnvironment } from './environment';
import { HotspotResolver } from './hotspot/hotspot.resolver';
import { HotspotService } from './hotspot/hotspot.service';
import { PetitionHotspotResolver } from './hotspot/petition-hotspot.resolver';
import { HotspotProjector } from './hotspot/projector';
import { verifyRebuild } from './hotspot/rebuild';
import { RebuildResolver } from './hotspot/rebuild.resolver';
import { Initial1763800000000 } from './migrations/1763800000000-initial';
import { AuditLog1764200000003 } from './migrations/1764200000003-audit-log';
import { MatterTerms1764500000000 } from './migrations/1764500000000-matter-terms';
import { buildHotspotSchema, HotspotDeadLetterResolver } from './schema';
import { ScreeningResolver } from './screening/screening.resolver';
import { ScreeningService } from './screening/screening.service';

export const HOTSPOT_MIGRATIONS = [Initial1763800000000, AuditLog1764200000003, MatterTerms1764500000000];

export interface HotspotServiceOptions {
  env: HotspotEnvironment;
  clock?: Clock;
  logger?: Logger;
  relay?: Pick<RelayOptions, 'afterPublish' | 'pollIntervalMs'>;
  consumer?: Pick<ConsumerOptions, 'maxDeliver' | 'retryDelaysMs' | 'ackWaitMs'>;
}

export type HotspotServiceRuntime = Awaited<ReturnType<typeof startHotspotService>>;

export async function startHotspotService(options: HotspotServiceOptions) {
  const { env } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger('hotspot', env.LOG_LEVEL);
  let screening: ScreeningService | undefined;

  const runtime = await startSubgraphRuntime<HotspotContext>({
    service: 'hotspot',
    dbSchema: 'hotspot',
    migrations: HOTSPOT_MIGRATIONS,
    // The text rule's index leads with the city (a btree column in a GIN index).
    extensions: ['btree_gin'],
    consumes: [
      { source: 'intake', durable: 'hotspot-from-intake' },
      { source: 'case', durable: 'hotspot-from-case' },
    ],
    env,
    logger,
    relay: options.relay,
    consumer: options.consumer,
    wire: async ({ dataSource, outbox, deadLetters, js, jsm }) => {
      const hotspots = new HotspotService({ dataSource, outbox, clock });
      screening = new ScreeningService({ dataSource, outbox, clock, schedule: env.SCREENING_SCHEDULE });
      const projector = new HotspotProjector('hotspot', env.HOTSPOT_CONFIG, hotspots.alertSink());
      const verify = () => verifyRebuild({ dataSource, js, jsm, subjectPrefix: env.NATS_SUBJECT_PREFIX, config: env.HOTSPOT_CONFIG });
      const instances = new Map<unknown, unknown>([
        [HotspotResolver, new HotspotResolver(hotspots)],
        [PetitionHotspotResolver, new PetitionHotspotResolver()],
        [ScreeningResolver, new ScreeningResolver(screening)],
        [RebuildResolver, new RebuildResolver(verify)],
        [HotspotDeadLetterResolver, new HotspotDeadLetterResolver(deadLetters)],
      ]);
      return {
        schema: await buildHotspotSchema({ get: (cls) => instances.get(cls) }),
        buildContext: (base) => buildHotspotContext(base, hotspots),
        handlers: projector.handlers(),
      };
    },
    // The scan starts once the service runs (below); stop() is only reachable after that.
    onStop: () => scan.stop(),
  });

  // Missed screening reports are found at their due time, not when someone next looks.
  const scan = startPeriodic('screening scan', env.SCREENING_SCAN_INTERVAL_MS, () => screening!.scanMissed(), logger);
  return { ...runtime, screening: screening! };
}
