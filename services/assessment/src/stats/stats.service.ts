import type { DataSource } from 'typeorm';

import type { Caller } from '@petition/auth';
import { inJurisdiction } from '@petition/auth';
import { daysBetween } from '@petition/clock';
import { CodedError } from '@petition/subgraph';

import type { Period } from './period';
import { isWholeMonths, percent, previousYear, yearOnYear } from './period';

export const DIMENSIONS = ['LEVEL', 'VISIT_KIND', 'CATEGORY', 'REGION', 'DEPARTMENT', 'MONTH', 'CHANNEL', 'NATURE'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface StatsFilter {
  regionPrefix?: string | null;
  /** Digits of the region code a REGION group keeps: 6 county, 9 township, 12 village. */
  regionDigits?: number | null;
  levels?: string[] | null;
  visitKinds?: string[] | null;
  categoryCodes?: string[] | null;
  channels?: string[] | null;
  natures?: string[] | null;
  departmentCodes?: string[] | null;
}

export interface StatsKey {
  level: string | null;
  visitKind: string | null;
  category: string | null;
  region: string | null;
  department: string | null;
  month: string | null;
  channel: string | null;
  nature: string | null;
}

export interface StatsRow {
  key: StatsKey;
  batches: number;
  people: number;
  share: number | null;
  previousBatches: number | null;
  previousPeople: number | null;
  batchesChange: number | null;
  peopleChange: number | null;
}

export interface PetitionStats {
  period: Period;
  previousPeriod: Period | null;
  total: StatsRow;
  rows: StatsRow[];
}

const KEY_FIELD: Record<Dimension, keyof StatsKey> = {
  LEVEL: 'level',
  VISIT_KIND: 'visitKind',
  CATEGORY: 'category',
  REGION: 'region',
  DEPARTMENT: 'department',
  MONTH: 'month',
  CHANNEL: 'channel',
  NATURE: 'nature',
};

/** Who reads aggregates, and which region prefix they may ask for. */
export function statsScope(caller: Caller, regionPrefix: string | null | undefined): string {
  const prefix = regionPrefix ?? caller.jurisdiction;
  if (!/^\d{0,12}$/.test(prefix)) throw new CodedError('BAD_USER_INPUT', '行政区划前缀须为数字', { field: 'filter.regionPrefix' });
  if (!inJurisdiction(caller, prefix)) throw new CodedError('FORBIDDEN', '只能统计本辖区');
  return prefix;
}

/**
 * Batches (批) and people (人次) of registered petitions, grouped by any of the dimensions, with
 * shares of the period's batches and the change against the same days last year. It reads the
 * daily rollup (or, for comparison, the raw facts): both give the same numbers.
 */
export class StatsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema = 'assessment',
  ) {}

  async petitionStats(
    caller: Caller,
    period: Period,
    filter: StatsFilter,
    groupBy: Dimension[],
    source: 'ROLLUP' | 'FACTS' | 'DAILY' = 'ROLLUP',
  ): Promise<PetitionStats> {
    const dims = [...new Set(groupBy)];
    const regionPrefix = statsScope(caller, filter.regionPrefix);
    const digits = filter.regionDigits ?? 6;
    if (![6, 9, 12].includes(digits))
      throw new CodedError('BAD_USER_INPUT', 'regionDigits 只能为 6、9 或 12', { field: 'filter.regionDigits' });
    // Year on year only where the two periods do not overlap (at most a year long).
    const previous = daysBetween(period.from, period.to) <= 365 ? previousYear(period) : null;
    const params: unknown[] = [period.from, period.to, previous?.from ?? period.from, previous?.to ?? period.to, regionPrefix];
    const source_ =
      source === 'FACTS'
        ? FACTS_SOURCE
        : source === 'DAILY'
          ? DAILY_SOURCE
          : chooseRollup(dims, filter, digits, regionPrefix, [period, ...(previous ? [previous] : [])]);
    const col = source_.columns;
    const where = [`(${col.date} BETWEEN $1 AND $2 OR ${col.date} BETWEEN $3 AND $4)`, `${col.regionFilter} LIKE $5 || '%'`];
    const list = (values: string[] | null | undefined, column: string | undefined) => {
      if (!values?.length) return;
      params.push(values);
      where.push(`${column} = ANY($${params.length})`);
    };
    list(filter.levels, 'level');
    list(filter.visitKinds, 'visit_kind');
    list(filter.categoryCodes, 'category_code');
    list(filter.channels, col.channel);
    list(filter.natures, col.nature);
    list(filter.departmentCodes, col.department);

    const expr: Record<Dimension, string | undefined> = {
      LEVEL: 'level',
      VISIT_KIND: 'visit_kind',
      CATEGORY: 'category_code',
      REGION: col.region(digits),
      DEPARTMENT: col.department && `nullif(${col.department}, '')`,
      // A day (month) last year counts under the month it is compared with.
      MONTH: `to_char(CASE WHEN ${col.date} >= $1 THEN ${col.date} ELSE (${col.date} + interval '1 year')::date END, 'YYYY-MM')`,
      CHANNEL: col.channel,
      NATURE: col.nature,
    };
    const select = dims.map((d, i) => `${expr[d]} AS k${i}`);
    const { batches, people, table } = source_;
    const sql = `SELECT ${[
      ...select,
      `coalesce(sum(${batches}) FILTER (WHERE ${col.date} BETWEEN $1 AND $2), 0)::bigint AS b`,
      `coalesce(sum(${people}) FILTER (WHERE ${col.date} BETWEEN $1 AND $2), 0)::bigint AS p`,
      `coalesce(sum(${batches}) FILTER (WHERE ${col.date} BETWEEN $3 AND $4), 0)::bigint AS pb`,
      `coalesce(sum(${people}) FILTER (WHERE ${col.date} BETWEEN $3 AND $4), 0)::bigint AS pp`,
    ].join(', ')}
      FROM ${this.schema}.${table} WHERE ${where.join(' AND ')}${dims.length ? ` GROUP BY ${dims.map((_, i) => `k${i}`).join(', ')} ORDER BY ${dims.map((_, i) => `k${i}`).join(', ')}` : ''}`;
    const raw: Array<Record<string, string | null>> = await this.dataSource.query(sql, params);

    const empty = (): StatsKey => ({
      level: null,
      visitKind: null,
      category: null,
      region: null,
      department: null,
      month: null,
      channel: null,
      nature: null,
    });
    const sums = raw.map((r) => {
      const key = empty();
      dims.forEach((d, i) => (key[KEY_FIELD[d]] = r[`k${i}`]));
      return { key, b: Number(r.b), p: Number(r.p), pb: Number(r.pb), pp: Number(r.pp) };
    });
    const total = sums.reduce((t, r) => ({ b: t.b + r.b, p: t.p + r.p, pb: t.pb + r.pb, pp: t.pp + r.pp }), { b: 0, p: 0, pb: 0, pp: 0 });
    const row = (key: StatsKey, s: { b: number; p: number; pb: number; pp: number }): StatsRow => ({
      key,
      batches: s.b,
      people: s.p,
      share: percent(s.b, total.b),
      previousBatches: previous ? s.pb : null,
      previousPeople: previous ? s.pp : null,
      batchesChange: previous ? yearOnYear(s.b, s.pb) : null,
      peopleChange: previous ? yearOnYear(s.p, s.pp) : null,
    });
    return {
      period,
      previousPeriod: previous,
      total: row(empty(), total),
      rows: dims.length ? sums.map((s) => row(s.key, s)) : [],
    };
  }
}

interface Source {
  table: string;
  batches: string;
  people: string;
  columns: {
    date: string;
    regionFilter: string;
    /** Longest region prefix the table can filter on. */
    regionDigits: number;
    region: (digits: number) => string;
    channel?: string;
    nature?: string;
    department?: string;
  };
}

const FACTS_SOURCE: Source = {
  table: 'petition_fact',
  batches: '1',
  people: 'headcount',
  columns: {
    date: 'day',
    regionFilter: 'region_code',
    regionDigits: 12,
    region: (d) => `left(region_code, ${d})`,
    channel: 'channel',
    nature: 'nature',
    department: 'department_code',
  },
};

/** From the finest to the coarsest: a query reads the smallest that has every column it needs. */
const DAILY_SOURCE: Source = { ...FACTS_SOURCE, table: 'daily_rollup', batches: 'batches', people: 'people' };
const MONTHLY_SOURCES: Source[] = [
  {
    table: 'monthly_rollup',
    batches: 'batches',
    people: 'people',
    columns: { date: 'month', regionFilter: 'county', regionDigits: 6, region: () => 'county', channel: 'channel', nature: 'nature' },
  },
  {
    table: 'monthly_department',
    batches: 'batches',
    people: 'people',
    columns: { date: 'month', regionFilter: 'county', regionDigits: 6, region: () => 'county', department: 'department_code' },
  },
  {
    table: 'monthly_township',
    batches: 'batches',
    people: 'people',
    columns: { date: 'month', regionFilter: 'township', regionDigits: 9, region: (d) => `left(township, ${d})` },
  },
];

/**
 * The rollup a query reads: for whole-month periods (month, quarter, half, year) the smallest
 * monthly rollup that has every grouped and filtered column at the region depth asked for, else
 * the daily rollup. All of them give the numbers the raw facts give (tested, and checked by the
 * benchmark before it measures).
 */
export function chooseRollup(dims: Dimension[], filter: StatsFilter, digits: number, regionPrefix: string, periods: Period[]): Source {
  if (!periods.every(isWholeMonths)) return DAILY_SOURCE;
  const needs = {
    channel: dims.includes('CHANNEL') || !!filter.channels?.length,
    nature: dims.includes('NATURE') || !!filter.natures?.length,
    department: dims.includes('DEPARTMENT') || !!filter.departmentCodes?.length,
    depth: Math.max(regionPrefix.length, dims.includes('REGION') ? digits : 0),
  };
  return (
    MONTHLY_SOURCES.find(
      ({ columns: c }) =>
        (!needs.channel || c.channel) &&
        (!needs.nature || c.nature) &&
        (!needs.department || c.department) &&
        needs.depth <= c.regionDigits,
    ) ?? DAILY_SOURCE
  );
}

/** The stats as CSV (UTF-8 with BOM so that spreadsheet programs read the Chinese). */
export function statsCsv(stats: PetitionStats, groupBy: Dimension[]): string {
  const dims = [...new Set(groupBy)];
  const header = [
    ...dims,
    'batches',
    'people',
    'share_percent',
    'previous_batches',
    'previous_people',
    'batches_change_percent',
    'people_change_percent',
  ];
  const cell = (v: unknown) => {
    if (typeof v === 'number') return String(v);
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const line = (r: StatsRow, label?: string) =>
    [
      ...dims.map((d, i) => (label && i === 0 ? label : r.key[KEY_FIELD[d]])),
      r.batches,
      r.people,
      r.share,
      r.previousBatches,
      r.previousPeople,
      r.batchesChange,
      r.peopleChange,
    ]
      .map(cell)
      .join(',');
  return '\ufeff' + [header.join(','), ...stats.rows.map((r) => line(r)), line(stats.total, '合计')].join('\r\n') + '\r\n';
}
