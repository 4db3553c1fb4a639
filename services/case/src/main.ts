import 'reflect-metadata';

import { createLogger, EnvironmentError, onShutdown } from '@petition/service-kit';

import { startCaseService } from './app';
import { parseCaseEnvironment } from './environment';

async function main() {
  let env;
  try {
    env = parseCaseEnvironment();
  } catch (error) {
    console.error(error instanceof EnvironmentError ? error.message : String(error));
    process.exit(1);
  }
  const logger = createLogger('case', env.LOG_LEVEL);
  const service = await startCaseService({ env, logger });
  onShutdown(logger, [['case', () => service.stop()]]);
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'error', service: 'case', msg: 'failed to start', error: String(error?.message ?? error) }));
  process.exit(1);
});
