import 'reflect-metadata';

import { runMain } from '@petition/service-kit';

import { startCaseService } from './app';
import { parseCaseEnvironment } from './environment';

runMain(
  'case',
  () => parseCaseEnvironment(),
  (env, logger) => startCaseService({ env, logger }),
);
