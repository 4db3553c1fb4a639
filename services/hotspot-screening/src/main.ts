import 'reflect-metadata';

import { createLogger, EnvironmentError, onShutdown } from '@petition/service-kit';

import { startHotspotService } from './app';
import { parseHotspotEnvironment } from './environment';

async function main() {
  let env;
  try {
    env = parseHotspotEnvironment();
  } catch (error) {
    console.error(error instanceof EnvironmentError ? error.message : String(error));
    process.exit(1);
  }
  const logger = createLogger('hotspot', env.LOG_LEVEL);
  const service = await startHotspotService({ env, logger });
  onShutdown(logger, [['hotspot', () => service.stop()]]);
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'error', service: 'hotspot', msg: 'failed to start', error: String(error?.message ?? error) }));
  process.exit(1);
});
