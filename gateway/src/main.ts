import { createLogger, EnvironmentError, onShutdown } from '@petition/service-kit';

import { startGateway } from './app';
import { parseGatewayEnvironment } from './environment';

async function main() {
  let env;
  try {
    env = parseGatewayEnvironment();
  } catch (error) {
    console.error(error instanceof EnvironmentError ? error.message : String(error));
    process.exit(1);
  }
  const logger = createLogger('gateway', env.LOG_LEVEL);
  const gateway = await startGateway({ env, logger });
  onShutdown(logger, [['gateway', () => gateway.stop()]]);
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'error', service: 'gateway', msg: 'failed to start', error: String(error?.message ?? error) }));
  process.exit(1);
});
