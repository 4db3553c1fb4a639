import 'reflect-metadata';

import { runMain } from '@petition/service-kit';

import { startHotspotService } from './app';
import { parseHotspotEnvironment } from './environment';

runMain(
  'hotspot',
  () => parseHotspotEnvironment(),
  (env, logger) => startHotspotService({ env, logger }),
);
