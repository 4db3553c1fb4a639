import type { Clock } from '@petition/clock';
import { systemClock } from '@petition/clock';
import type { RelayOptions } from '@petition/events';
import type { Logger } from '@petition/service-kit';
import { createLogger, startSubgraphRuntime } from '@petition/service-kit';

import { buildIntakeContext, type IntakeContext } from './context';
import type { IntakeEnvironment } from './environment';
import { caseEventHandlers, receptionEventHandlers } from './events/event-handlers';
import { Initial1763700000000 } from './migrations/1763700000000-initial';
import { JointDepartment1763900000002 } from './migrations/1763900000002-joint-department';
import { AuditLog1764200000001 } from './migrations/1764200000001-audit-log';
import { DuplicateText1764300000000 } from './migrations/1764300000000-duplicate-text';
import { MatterKeys1764400000000 } from './migrations/1764400000000-matter-keys';
import { DocumentFrequency } from './petition/document-frequency';
import { DuplicateService } from './petition/duplicate.service';
import { PetitionResolver } from './petition/petition.resolver';
import { PetitionService } from './petition/petition.service';
import { PetitionerResolver } from './petitioner/petitioner.resolver';
import { PetitionerService } from './petitioner/petitioner.service';
import { PiiCipher } from './petitioner/pii-cipher';
import { ReferenceResolver } from './reference/reference.resolver';
import { ReferenceService } from './reference/reference.service';
import { buildIntakeSchema, IntakeDeadLetterResolver } from './schema';

export const INTAKE_MIGRATIONS = [
  Initial1763700000000,
  JointDepartment1763900000002,
  AuditLog1764200000001,
  DuplicateText1764300000000,
  MatterKeys1764400000000,
];

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
  const cipher = PiiCipher.fromEnv(env);
  const logger = options.logger ?? createLogger('intake', env.LOG_LEVEL);
  let frequency: DocumentFrequency | undefined;
  return startSubgraphRuntime<IntakeContext>({
    service: 'intake',
    dbSchema: 'intake',
    migrations: INTAKE_MIGRATIONS,
    extensions: ['pg_trgm', 'btree_gin'],
    consumes: [
      { source: 'case', durable: 'intake-from-case' },
      { source: 'reception', durable: 'intake-from-reception' },
    ],
    env,
    logger,
    relay: options.relay,
    // Writes the duplicate check's last bigram counts.
    onStop: async () => frequency?.stop(),
    wire: async ({ dataSource, outbox, deadLetters }) => {
      const reference = new ReferenceService(dataSource);
      frequency = new DocumentFrequency(dataSource, logger);
      await frequency.start();
      const petitions = new PetitionService({
        dataSource,
        outbox,
        cipher,
        clock,
        calendar: env.CALENDAR_JSON,
        routingDays: env.ROUTING_DAYS,
        accessPepper: PetitionService.accessPepper(env.PII_INDEX_KEY),
        duplicates: new DuplicateService(dataSource, frequency),
        signatureKey: env.CONTENT_SIGNATURE_KEY,
      });
      const petitioners = new PetitionerService(dataSource, cipher);
      const instances = new Map<unknown, unknown>([
        [PetitionResolver, new PetitionResolver(petitions, petitioners)],
        [PetitionerResolver, new PetitionerResolver(petitioners)],
        [ReferenceResolver, new ReferenceResolver(reference)],
        [IntakeDeadLetterResolver, new IntakeDeadLetterResolver(deadLetters)],
      ]);
      return {
        schema: await buildIntakeSchema({ get: (cls) => instances.get(cls) }),
        buildContext: (base) => buildIntakeContext(base, petitions, reference),
        handlers: { ...caseEventHandlers, ...receptionEventHandlers },
      };
    },
  });
}
