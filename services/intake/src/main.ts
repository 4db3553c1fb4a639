import 'reflect-metadata';

import { runMain } from '@petition/service-kit';

import { startIntakeService } from './app';
import { parseIntakeEnvironment } from './environment';

// Test only (integration-tests/test/faults): FAULT_RELAY_EXIT_AFTER_PUBLISH=n makes the process
// kill itself (SIGKILL, no cleanup) after JetStream acknowledged the relay's n-th batch and before
// the rows are marked published: the crash window the outbox must survive. Ignored in production.
const crashAfter = Number(process.env.FAULT_RELAY_EXIT_AFTER_PUBLISH ?? 0);
let batches = 0;
const relay =
  crashAfter > 0 && process.env.NODE_ENV !== 'production'
    ? {
        afterPublish: async (ids: string[]) => {
          if (++batches < crashAfter) return;
          process.stderr.write(`FAULT: relay killed after publishing ${ids.length} events, before marking them\n`);
          process.kill(process.pid, 'SIGKILL');
          await new Promise(() => undefined);
        },
      }
    : undefined;

runMain(
  'intake',
  () => parseIntakeEnvironment(),
  (env, logger) => startIntakeService({ env, logger, relay }),
);
