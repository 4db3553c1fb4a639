import { CALENDAR_VARIABLE } from '@petition/clock';
import { commonEnvironment, int, parseEnvironment, type VariableSpec } from '@petition/service-kit';

import { DEFAULT_RECEPTION_CONFIG, parseReceptionConfig } from './reception/attendance';

export const receptionEnvironmentSpec = {
  ...commonEnvironment,
  PORT: { description: 'HTTP port of the joint-reception subgraph (and its queue screens)', default: '4004', parse: int(0, 65535) },
  RECEPTION_CONFIG: {
    description: `Attendance and demand-form rules, partial JSON over ${JSON.stringify(DEFAULT_RECEPTION_CONFIG)}`,
    default: '{}',
    parse: parseReceptionConfig,
  },
  DUTY_SCAN_INTERVAL_MS: {
    description: 'How often absences from duty are looked for; 0 turns it off',
    default: '60000',
    parse: int(0, 86_400_000),
  },
  CALENDAR_JSON: CALENDAR_VARIABLE,
} satisfies Record<string, VariableSpec<unknown>>;

export type ReceptionEnvironment = ReturnType<typeof parseReceptionEnvironment>;

export function parseReceptionEnvironment(env: Record<string, string | undefined> = process.env) {
  return parseEnvironment(receptionEnvironmentSpec, env);
}
