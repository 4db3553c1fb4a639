import 'reflect-metadata';

import { createLogger, EnvironmentError, onShutdown } from '@petition/service-kit';

import { startIntakeService } from './app';
import { parseIntakeEnvironment } from './environment';

async function main() {
  let env;
  try {
    env = parseIntakeEnvironment();
  } catch (error) {
    console.error(error instanceof EnvironmentError ? error.message : String(error));
    process.exit(1);
  }
  const logger = createLogger('intake', env.LOG_LEVEL);
  const service = await startIntakeService({ env, logger });
  onShutdown(logger, [['intake', () => service.stop()]]);
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'error', service: 'intake', msg: 'failed to start', error: String(error?.message ?? error) }));
  process.exit(1);
});
