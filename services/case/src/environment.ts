import type { RuleCode } from '@petition/clock';
import { CALENDAR_VARIABLE, rulesFromConfig } from '@petition/clock';
import { commonEnvironment, int, parseEnvironment, type VariableSpec } from '@petition/service-kit';

export const caseEnvironmentSpec = {
  ...commonEnvironment,
  PORT: { description: 'HTTP port of the case subgraph', default: '4002', parse: int(0, 65535) },
  CALENDAR_JSON: CALENDAR_VARIABLE,
  CASE_DEADLINE_DAYS: {
    description: 'Overrides of the legal periods in days, e.g. `{"HANDLING_60D":30}` (some cities: 1 month)',
    default: '{}',
    parse: (raw: string) => rulesFromConfig(JSON.parse(raw) as Partial<Record<RuleCode, number>>),
  },
  OVERDUE_SCAN_INTERVAL_MS: { description: 'How often the overdue scan runs; 0 turns it off', default: '60000', parse: int(0, 86_400_000) },
} satisfies Record<string, VariableSpec<unknown>>;

export type CaseEnvironment = ReturnType<typeof parseCaseEnvironment>;

export function parseCaseEnvironment(env: Record<string, string | undefined> = process.env) {
  return parseEnvironment(caseEnvironmentSpec, env);
}
