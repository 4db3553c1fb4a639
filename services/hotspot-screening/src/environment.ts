import { commonEnvironment, int, parseEnvironment, type VariableSpec } from '@petition/service-kit';

import { DEFAULT_HOTSPOT_CONFIG, parseHotspotConfig } from './hotspot/rules';
import { parseSchedule } from './screening/schedule';

export const hotspotEnvironmentSpec = {
  ...commonEnvironment,
  PORT: { description: 'HTTP port of the hotspot-screening subgraph', default: '4003', parse: int(0, 65535) },
  HOTSPOT_CONFIG: {
    description: `Hotspot rules, partial JSON over the defaults (docs/hotspots.md), e.g. \`{"collectiveVisits":{"count":3,"days":7},"coolDownDays":7}\`; default ${JSON.stringify(DEFAULT_HOTSPOT_CONFIG).length} chars`,
    default: '{}',
    parse: parseHotspotConfig,
  },
  SCREENING_SCHEDULE: {
    description: 'Screening cadence per unit level, partial JSON, e.g. `{"VILLAGE":{"kind":"WEEKLY","dueWeekday":5,"dueTime":"17:00"}}`',
    default: '{}',
    parse: parseSchedule,
  },
  SCREENING_SCAN_INTERVAL_MS: {
    description: 'How often missed screening reports are looked for; 0 turns it off',
    default: '60000',
    parse: int(0, 86_400_000),
  },
} satisfies Record<string, VariableSpec<unknown>>;

export type HotspotEnvironment = ReturnType<typeof parseHotspotEnvironment>;

export function parseHotspotEnvironment(env: Record<string, string | undefined> = process.env) {
  return parseEnvironment(hotspotEnvironmentSpec, env);
}
