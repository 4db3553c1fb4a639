import 'reflect-metadata';

import { runMain } from '@petition/service-kit';

import { startReceptionService } from './app';
import { parseReceptionEnvironment } from './environment';

runMain(
  'reception',
  () => parseReceptionEnvironment(),
  (env, logger) => startReceptionService({ env, logger }),
);
