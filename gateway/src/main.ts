import { runMain } from '@petition/service-kit';

import { startGateway } from './app';
import { parseGatewayEnvironment } from './environment';

runMain(
  'gateway',
  () => parseGatewayEnvironment(),
  (env, logger) => startGateway({ env, logger }),
);
