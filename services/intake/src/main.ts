import 'reflect-metadata';

import { runMain } from '@petition/service-kit';

import { startIntakeService } from './app';
import { parseIntakeEnvironment } from './environment';

runMain(
  'intake',
  () => parseIntakeEnvironment(),
  (env, logger) => startIntakeService({ env, logger }),
);
