import type { Clock } from '@petition/clock';
import { systemClock } from '@petition/clock';
import type { ConsumerOptions, RelayOptions } from '@petition/events';
import type { Logger, RequestContext } from '@petition/service-kit';
import { createLogger, startSubgraphRuntime } from '@petition/service-kit';

import { AssessmentResolver } from './assessment.resolver';
import { BulletinService } from './bulletin/bulletin.service';
import type { AssessmentEnvironment } from './environment';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { AuditLog1764200000005 } from './migrations/1764200000005-audit-log';
import { AssessmentProjector } from './read-model/projector';
import { verifyAssessmentRebuild } from './read-model/rebuild';
import { AssessmentDeadLetterResolver, buildAssessmentSchema } from './schema';
import { ScoringService } from './scoring/scoring.service';
import { IndicatorService } from './stats/indicators.service';
import { StatsService } from './stats/stats.service';

export const ASSESSMENT_MIGRATIONS = [Initial1764000000000, AuditLog1764200000005];

export interface AssessmentServiceOptions {
  env: AssessmentEnvironment;
  clock?: Clock;
  logger?: Logger;
  relay?: Pick<RelayOptions, 'afterPublish' | 'pollIntervalMs'>;
  consumer?: Pick<ConsumerOptions, 'maxDeliver' | 'retryDelaysMs' | 'ackWaitMs'>;
}

export type AssessmentServiceRuntime = Awaited<ReturnType<typeof startAssessmentService>>;

/** The assessment read model consumes every publishing service's stream, one durable consumer each. */
export async function startAssessmentService(options: AssessmentServiceOptions) {
  const { env } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger('assessment', env.LOG_LEVEL);
  let stats: StatsService | undefined;
  const runtime = await startSubgraphRuntime<RequestContext>({
    service: 'assessment',
    dbSchema: 'assessment',
    migrations: ASSESSMENT_MIGRATIONS,
    consumes: ['intake', 'case', 'hotspot', 'reception'].map((source) => ({ source, durable: `assessment-from-${source}` })),
    env,
    logger,
    relay: options.relay,
    consumer: options.consumer,
    wire: async ({ dataSource, outbox, deadLetters, js, jsm }) => {
      stats = new StatsService(dataSource);
      const scoring = new ScoringService(dataSource);
      const services = {
        stats,
        indicators: new IndicatorService(dataSource),
        scoring,
        bulletins: new BulletinService({ dataSource, outbox, clock, stats, scoring, chromiumPath: env.CHROMIUM_PATH || undefined }),
        rebuild: () => verifyAssessmentRebuild({ dataSource, js, jsm, subjectPrefix: env.NATS_SUBJECT_PREFIX }),
      };
      const instances = new Map<unknown, unknown>([
        [AssessmentResolver, new AssessmentResolver(services)],
        [AssessmentDeadLetterResolver, new AssessmentDeadLetterResolver(deadLetters)],
      ]);
      return {
        schema: await buildAssessmentSchema({ get: (cls) => instances.get(cls) }),
        buildContext: (base) => base,
        handlers: new AssessmentProjector('assessment').handlers(),
      };
    },
  });
  return { ...runtime, stats: stats! };
}
