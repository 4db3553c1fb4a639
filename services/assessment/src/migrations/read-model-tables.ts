import { quoteIdent } from '@petition/events';

/**
 * The read model: facts folded from every service's events, keyed so that the order in which the
 * streams deliver them does not matter (a rebuild from the streams gives the same rows). Each fact
 * keeps the id of the event that set it, so a deduction can name its cause.
 */
export const READ_MODEL_TABLES = [
  'petition_fact',
  'daily_rollup',
  'monthly_rollup',
  'monthly_township',
  'monthly_department',
  'case_fact',
  'screening_fact',
  'risk_link',
  'visit_fact',
] as const;

/**
 * The monthly rollups dashboards read for whole-month periods (months, quarters, halves, years):
 * each drops detail the others keep, so each stays small (docs/performance.md). `key` is the
 * grouping; `columns` the same as expressions over petition_fact.
 */
export const MONTHLY_ROLLUPS = {
  monthly_rollup: {
    key: ['month', 'level', 'visit_kind', 'channel', 'nature', 'category_code', 'county'],
    facts: ["date_trunc('month', day)::date", 'level', 'visit_kind', 'channel', 'nature', 'category_code', 'left(region_code, 6)'],
  },
  monthly_township: {
    key: ['month', 'township', 'level', 'visit_kind', 'category_code'],
    facts: ["date_trunc('month', day)::date", 'left(region_code, 9)', 'level', 'visit_kind', 'category_code'],
  },
  monthly_department: {
    key: ['month', 'county', 'department_code', 'level', 'visit_kind', 'category_code'],
    facts: ["date_trunc('month', day)::date", 'left(region_code, 6)', 'department_code', 'level', 'visit_kind', 'category_code'],
  },
} as const;
export type MonthlyRollup = keyof typeof MONTHLY_ROLLUPS;

export function readModelTablesUp(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE TABLE ${s}.petition_fact (
      petition_id uuid PRIMARY KEY,
      event_id uuid NOT NULL,
      registered_at timestamptz NOT NULL,
      day date NOT NULL,
      channel text NOT NULL,
      visit_kind text NOT NULL,
      headcount int NOT NULL,
      nature text NOT NULL,
      category_code text NOT NULL,
      level text NOT NULL,
      skip_level boolean NOT NULL,
      region_code text NOT NULL,
      repeat_of uuid,
      department_code text NOT NULL DEFAULT '',
      routed_at timestamptz,
      not_accepted boolean NOT NULL DEFAULT false
    )`,
    `CREATE INDEX petition_fact_day ON ${s}.petition_fact (day, region_code)`,
    // Batches and people per day and dimension: what the dashboards read. A routing moves its
    // petition from one department's row to another's.
    `CREATE TABLE ${s}.daily_rollup (
      day date NOT NULL,
      level text NOT NULL,
      visit_kind text NOT NULL,
      channel text NOT NULL,
      nature text NOT NULL,
      category_code text NOT NULL,
      region_code text NOT NULL,
      department_code text NOT NULL,
      batches int NOT NULL,
      people int NOT NULL,
      PRIMARY KEY (day, level, visit_kind, channel, nature, category_code, region_code, department_code)
    )`,
    ...Object.entries(MONTHLY_ROLLUPS).map(
      ([table, { key }]) => `CREATE TABLE ${s}.${table} (
      ${key.map((c) => `${c} ${c === 'month' ? 'date' : 'text'} NOT NULL`).join(',\n      ')},
      batches int NOT NULL,
      people int NOT NULL,
      PRIMARY KEY (${key.join(', ')})
    )`,
    ),
    `CREATE TABLE ${s}.case_fact (
      case_id uuid PRIMARY KEY,
      petition_id uuid NOT NULL,
      mode text,
      department_code text,
      region_code text,
      opened_at timestamptz,
      accepted_at timestamptz,
      accepted_on_time boolean,
      returned_at timestamptz,
      replied_at timestamptz,
      replied_on_time boolean,
      rated_at timestamptz,
      satisfaction text,
      review_requested boolean NOT NULL DEFAULT false,
      closed_at timestamptz,
      closed_reason text,
      overdue_at timestamptz,
      overdue_event_id uuid
    )`,
    `CREATE INDEX case_fact_petition ON ${s}.case_fact (petition_id)`,
    `CREATE TABLE ${s}.screening_fact (
      unit_code text NOT NULL,
      period_key text NOT NULL,
      unit_level text NOT NULL,
      due_at timestamptz NOT NULL,
      submitted_at timestamptz,
      on_time boolean,
      zero_report boolean,
      missed_event_id uuid,
      PRIMARY KEY (unit_code, period_key)
    )`,
    `CREATE TABLE ${s}.risk_link (
      risk_item_id uuid PRIMARY KEY,
      unit_code text,
      reported_at timestamptz,
      collective_signal boolean,
      petition_id uuid,
      linked_event_id uuid
    )`,
    `CREATE INDEX risk_link_petition ON ${s}.risk_link (petition_id) WHERE petition_id IS NOT NULL`,
    `CREATE TABLE ${s}.visit_fact (
      ticket_id uuid PRIMARY KEY,
      hall_region_code text NOT NULL,
      department_code text NOT NULL,
      petition_id uuid NOT NULL,
      served_at timestamptz NOT NULL,
      wait_seconds int NOT NULL,
      settled_in_hall boolean NOT NULL
    )`,
  ];
}
