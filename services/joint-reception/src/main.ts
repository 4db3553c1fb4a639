import 'reflect-metadata';

import { createLogger, EnvironmentError, onShutdown } from '@petition/service-kit';

import { startReceptionService } from './app';
import { parseReceptionEnvironment } from './environment';

async function main() {
  let env;
  try {
    env = parseReceptionEnvironment();
  } catch (error) {
    console.error(error instanceof EnvironmentError ? error.message : String(error));
    process.exit(1);
  }
  const logger = createLogger('reception', env.LOG_LEVEL);
  const service = await startReceptionService({ env, logger });
  onShutdown(logger, [['reception', () => service.stop()]]);
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'error', service: 'reception', msg: 'failed to start', error: String(error?.message ?? error) }));
  process.exit(1);
});
