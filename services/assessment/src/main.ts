import 'reflect-metadata';

import { runMain } from '@petition/service-kit';

import { startAssessmentService } from './app';
import { parseAssessmentEnvironment } from './environment';

runMain(
  'assessment',
  () => parseAssessmentEnvironment(),
  (env, logger) => startAssessmentService({ env, logger }),
);
