// When grassroots units owe their dispute-screening reports (矛盾纠纷排查报告, 零报告 included).
// Villages/communities report weekly, townships every half month, districts/counties monthly, and during a
// sensitive period every unit also reports daily. Pure functions over China civil time: China has used UTC+8
// all year since 1991 (no DST), so a fixed offset is exact. Days are 'YYYY-MM-DD' China dates, instants Dates.

export type UnitLevel = 'VILLAGE' | 'TOWNSHIP' | 'DISTRICT';
export const UNIT_LEVELS: readonly UnitLevel[] = Object.freeze(['VILLAGE', 'TOWNSHIP', 'DISTRICT'] as const);

export type Cadence =
  | { kind: 'WEEKLY'; dueWeekday: number /* ISO 1=Mon … 7=Sun */; dueTime: string /* 'HH:MM' China time */ }
  | { kind: 'HALF_MONTHLY'; dueTime: string } // due on the half's last day at dueTime
  | { kind: 'MONTHLY'; dueTime: string } // due on the month's last day at dueTime
  | { kind: 'DAILY'; dueTime: string }; // due the same day at dueTime

export type Schedule = Record<UnitLevel, Cadence>;

const CADENCE_KINDS: readonly Cadence['kind'][] = Object.freeze(['WEEKLY', 'HALF_MONTHLY', 'MONTHLY', 'DAILY'] as const);

export const DEFAULT_SCHEDULE: Schedule = Object.freeze({
  VILLAGE: Object.freeze({ kind: 'WEEKLY', dueWeekday: 5, dueTime: '17:00' }),
  TOWNSHIP: Object.freeze({ kind: 'HALF_MONTHLY', dueTime: '17:00' }),
  DISTRICT: Object.freeze({ kind: 'MONTHLY', dueTime: '17:00' }),
});

/** The extra cadence every unit follows during a sensitive period, on top of its regular one. */
export const SENSITIVE_CADENCE: Cadence = Object.freeze({ kind: 'DAILY', dueTime: '17:00' });

export interface ScreeningPeriod {
  key: string; // WEEKLY 'W2026-W47', HALF_MONTHLY 'H2026-11-1' | 'H2026-11-2', MONTHLY 'M2026-11', DAILY 'D2026-11-21'
  kind: Cadence['kind'];
  startsOn: string; // first day covered (WEEKLY: the ISO week's Monday)
  endsOn: string; // last day covered (WEEKLY: the Sunday)
  dueAt: Date; // instant the report is due
}

export type Timeliness = 'ON_TIME' | 'LATE';

// ---------------------------------------------------------------------------------------------------------------
// Civil-day arithmetic. A day is handled internally as its epoch day number (days since 1970-01-01), which makes
// "next day", weekdays and spans plain integer arithmetic. Supported years are 0000–9999 (four-digit keys).

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

function assertInstant(instant: unknown, what: string): asserts instant is Date {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`Invalid ${what}: expected a valid Date`);
  }
}

/** 'YYYY-MM-DD' → epoch day; RangeError for anything that is not a real calendar date. */
function parseDay(day: unknown, what: string): number {
  if (typeof day !== 'string' || !DAY_PATTERN.test(day)) {
    throw new RangeError(`Invalid ${what}: expected a 'YYYY-MM-DD' date, got ${JSON.stringify(day)}`);
  }
  const ms = Date.parse(`${day}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March, so insist on a round trip.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`Invalid ${what}: ${day} is not a calendar date`);
  }
  return ms / DAY_MS;
}

/** Epoch day → 'YYYY-MM-DD'; RangeError outside years 0000–9999. */
function formatDay(epochDay: number): string {
  const d = new Date(epochDay * DAY_MS);
  const iso = Number.isNaN(d.getTime()) ? '' : d.toISOString();
  if (!/^\d{4}-/.test(iso)) {
    throw new RangeError(`Date out of supported range (years 0000–9999): epoch day ${epochDay}`);
  }
  return iso.slice(0, 10);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. 1970-01-01 (epoch day 0) was a Thursday. */
function isoWeekday(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

function chinaEpochDay(instant: Date): number {
  return Math.floor((instant.getTime() + CHINA_OFFSET_MS) / DAY_MS);
}

/** The China (UTC+8) civil date, 'YYYY-MM-DD', of an instant. */
export function chinaDay(instant: Date): string {
  assertInstant(instant, 'instant');
  return formatDay(chinaEpochDay(instant));
}

function minutesOf(dueTime: string): number {
  const m = TIME_PATTERN.exec(dueTime);
  if (!m) throw new RangeError(`Invalid dueTime: expected 'HH:MM' between 00:00 and 23:59, got ${JSON.stringify(dueTime)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The instant `epochDay` at `dueTime` China time. */
function chinaInstant(epochDay: number, dueTime: string): Date {
  return new Date(epochDay * DAY_MS + minutesOf(dueTime) * 60_000 - CHINA_OFFSET_MS);
}

// ---------------------------------------------------------------------------------------------------------------
// Cadence validation, shared by parseSchedule (with level-qualified messages) and the period functions (which
// accept hand-built cadences too).

function cadenceProblem(value: unknown): { field: string; message: string } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { field: '', message: `must be an object, got ${describe(value)}` };
  }
  const c = value as Record<string, unknown>;
  if (!CADENCE_KINDS.includes(c.kind as Cadence['kind'])) {
    return { field: 'kind', message: `must be one of ${CADENCE_KINDS.join(', ')}, got ${describe(c.kind)}` };
  }
  if (typeof c.dueTime !== 'string' || !TIME_PATTERN.test(c.dueTime)) {
    return { field: 'dueTime', message: `must be 'HH:MM' between 00:00 and 23:59, got ${describe(c.dueTime)}` };
  }
  if (c.kind === 'WEEKLY') {
    const w = c.dueWeekday;
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > 7) {
      return { field: 'dueWeekday', message: `must be an integer 1–7 (ISO, 1=Monday … 7=Sunday), got ${describe(w)}` };
    }
  }
  const allowed = c.kind === 'WEEKLY' ? ['kind', 'dueWeekday', 'dueTime'] : ['kind', 'dueTime'];
  const extra = Object.keys(c).find((k) => !allowed.includes(k));
  if (extra !== undefined) {
    return { field: extra, message: `is not a field of a ${String(c.kind)} cadence (allowed: ${allowed.join(', ')})` };
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return JSON.stringify(value) ?? String(value);
}

function assertCadence(cadence: unknown): asserts cadence is Cadence {
  const problem = cadenceProblem(cadence);
  if (problem) throw new RangeError(`Invalid cadence: ${problem.field ? `${problem.field} ` : ''}${problem.message}`);
}

/**
 * Partial JSON overrides merged onto DEFAULT_SCHEDULE, per level and per field: `{"VILLAGE":{"dueTime":"18:00"}}`
 * keeps the weekly Friday cadence and only moves the time. Changing `kind` keeps the default dueTime unless given;
 * switching a level to WEEKLY requires dueWeekday. Unknown levels, kinds or fields are rejected. The result is frozen.
 */
export function parseSchedule(json: string): Schedule {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new RangeError(`Invalid schedule: not valid JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RangeError(`Invalid schedule: expected a JSON object keyed by ${UNIT_LEVELS.join(', ')}, got ${describe(parsed)}`);
  }
  const overrides = parsed as Record<string, unknown>;
  const unknownLevel = Object.keys(overrides).find((k) => !UNIT_LEVELS.includes(k as UnitLevel));
  if (unknownLevel !== undefined) {
    throw new RangeError(`Invalid schedule: unknown level ${JSON.stringify(unknownLevel)} (expected ${UNIT_LEVELS.join(', ')})`);
  }

  const result = {} as Record<UnitLevel, Cadence>;
  for (const level of UNIT_LEVELS) {
    const base = DEFAULT_SCHEDULE[level];
    if (!Object.prototype.hasOwnProperty.call(overrides, level)) {
      result[level] = base;
      continue;
    }
    const override = overrides[level];
    if (typeof override !== 'object' || override === null || Array.isArray(override)) {
      throw new RangeError(`Invalid schedule: ${level} must be an object, got ${describe(override)}`);
    }
    const o = override as Record<string, unknown>;
    const kind = 'kind' in o ? o.kind : base.kind;
    const merged: Record<string, unknown> = { kind, dueTime: base.dueTime, ...o };
    // Carry the default weekday only onto a cadence that is still weekly and did not set its own.
    if (kind === 'WEEKLY' && !('dueWeekday' in o) && base.kind === 'WEEKLY') merged.dueWeekday = base.dueWeekday;
    if (kind === 'WEEKLY' && !('dueWeekday' in merged)) {
      throw new RangeError(`Invalid schedule: ${level}.dueWeekday is required for a WEEKLY cadence`);
    }
    const problem = cadenceProblem(merged);
    if (problem) throw new RangeError(`Invalid schedule: ${level}.${problem.field} ${problem.message}`);
    result[level] = Object.freeze(
      kind === 'WEEKLY'
        ? { kind: 'WEEKLY', dueWeekday: merged.dueWeekday as number, dueTime: merged.dueTime as string }
        : { kind: kind as Exclude<Cadence['kind'], 'WEEKLY'>, dueTime: merged.dueTime as string },
    );
  }
  return Object.freeze(result);
}

// ---------------------------------------------------------------------------------------------------------------
// Periods. Every cadence's due day lies inside the period it closes, and due instants strictly increase from one
// period to the next; periodsDueBetween relies on both.

interface RawPeriod {
  key: string;
  kind: Cadence['kind'];
  start: number; // epoch days, inclusive
  end: number;
  dueAt: Date;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function rawPeriodOnDay(cadence: Cadence, epochDay: number): RawPeriod {
  const day = formatDay(epochDay);
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const dom = Number(day.slice(8, 10));
  switch (cadence.kind) {
    case 'DAILY':
      return { key: `D${day}`, kind: 'DAILY', start: epochDay, end: epochDay, dueAt: chinaInstant(epochDay, cadence.dueTime) };
    case 'WEEKLY': {
      const monday = epochDay - (isoWeekday(epochDay) - 1);
      // The ISO week belongs to the year of its Thursday; week 1 is the one holding that year's first Thursday.
      const thursday = formatDay(monday + 3);
      const weekYear = thursday.slice(0, 4);
      const week = Math.floor((monday + 3 - parseDay(`${weekYear}-01-01`, 'day')) / 7) + 1;
      formatDay(monday + 6); // reject a week that runs past the supported range
      return {
        key: `W${weekYear}-W${pad2(week)}`,
        kind: 'WEEKLY',
        start: monday,
        end: monday + 6,
        dueAt: chinaInstant(monday + cadence.dueWeekday - 1, cadence.dueTime),
      };
    }
    case 'HALF_MONTHLY': {
      const first = epochDay - (dom - 1);
      const lastOfMonth = first + daysInMonth(year, month) - 1;
      const [start, end, half] = dom <= 15 ? [first, first + 14, 1] : [first + 15, lastOfMonth, 2];
      return {
        key: `H${day.slice(0, 7)}-${half}`,
        kind: 'HALF_MONTHLY',
        start,
        end,
        dueAt: chinaInstant(end, cadence.dueTime),
      };
    }
    case 'MONTHLY': {
      const first = epochDay - (dom - 1);
      const end = first + daysInMonth(year, month) - 1;
      return { key: `M${day.slice(0, 7)}`, kind: 'MONTHLY', start: first, end, dueAt: chinaInstant(end, cadence.dueTime) };
    }
  }
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function toPeriod(raw: RawPeriod): ScreeningPeriod {
  return { key: raw.key, kind: raw.kind, startsOn: formatDay(raw.start), endsOn: formatDay(raw.end), dueAt: raw.dueAt };
}

/** The period whose covered days include the instant's China date (its report may already be due). */
export function periodContaining(cadence: Cadence, instant: Date): ScreeningPeriod {
  assertCadence(cadence);
  assertInstant(instant, 'instant');
  return toPeriod(rawPeriodOnDay(cadence, chinaEpochDay(instant)));
}

const KEY_PATTERNS: Record<Cadence['kind'], { pattern: RegExp; example: string; firstDay: (m: RegExpExecArray) => string }> = {
  WEEKLY: { pattern: /^W(\d{4})-W(\d{2})$/, example: 'W2026-W47', firstDay: (m) => `${m[1]}-01-04` },
  HALF_MONTHLY: {
    pattern: /^H(\d{4})-(\d{2})-([12])$/,
    example: 'H2026-11-1',
    firstDay: (m) => `${m[1]}-${m[2]}-${m[3] === '1' ? '01' : '16'}`,
  },
  MONTHLY: { pattern: /^M(\d{4})-(\d{2})$/, example: 'M2026-11', firstDay: (m) => `${m[1]}-${m[2]}-01` },
  DAILY: { pattern: /^D(\d{4}-\d{2}-\d{2})$/, example: 'D2026-11-21', firstDay: (m) => m[1] },
};

/** The period a key names (the inverse of `key`); RangeError for a malformed key or one of another kind. */
export function periodByKey(cadence: Cadence, key: string): ScreeningPeriod {
  assertCadence(cadence);
  const { pattern, example, firstDay } = KEY_PATTERNS[cadence.kind];
  const m = typeof key === 'string' ? pattern.exec(key) : null;
  if (!m) {
    throw new RangeError(`Invalid ${cadence.kind} period key ${describe(key)}: expected the form ${example}`);
  }
  let day: number;
  try {
    day = parseDay(firstDay(m), 'day');
  } catch {
    throw new RangeError(`Invalid ${cadence.kind} period key ${key}: no such period`);
  }
  if (cadence.kind === 'WEEKLY') {
    // Week 1 is the week holding 4 January; week N starts 7·(N−1) days after its Monday.
    day = day - (isoWeekday(day) - 1) + (Number(m[2]) - 1) * 7;
  }
  // Building the period back and comparing keys rejects W2026-W00, W2025-W53 (2025 has 52 weeks) and the like.
  let raw: RawPeriod | undefined;
  try {
    raw = rawPeriodOnDay(cadence, day);
  } catch {
    raw = undefined;
  }
  if (!raw || raw.key !== key) throw new RangeError(`Invalid ${cadence.kind} period key ${key}: no such period`);
  return toPeriod(raw);
}

/** Every period with from < dueAt <= to, ascending by dueAt; empty when to <= from. Cost is linear in the result. */
export function periodsDueBetween(cadence: Cadence, from: Date, to: Date): ScreeningPeriod[] {
  assertCadence(cadence);
  assertInstant(from, 'from');
  assertInstant(to, 'to');
  chinaDay(to); // fail fast on an instant beyond year 9999 rather than walking towards it
  if (to.getTime() <= from.getTime()) return [];
  // Each period's due instant falls on one of its own days, so no period before the one containing `from` can be
  // due after `from`; start there and walk forward until the due instants pass `to`.
  const result: ScreeningPeriod[] = [];
  let raw = rawPeriodOnDay(cadence, chinaEpochDay(from));
  const lastDay = chinaEpochDay(to);
  for (;;) {
    if (raw.dueAt.getTime() > to.getTime()) break;
    if (raw.dueAt.getTime() > from.getTime()) result.push(toPeriod(raw));
    if (raw.end >= lastDay) break; // the next period starts after `to`'s day, so it is due after `to`
    raw = rawPeriodOnDay(cadence, raw.end + 1);
  }
  return result;
}

/** Periods whose covered days intersect [fromDay, toDay], ascending; empty when toDay < fromDay. */
export function periodsOverlapping(cadence: Cadence, fromDay: string, toDay: string): ScreeningPeriod[] {
  assertCadence(cadence);
  const first = parseDay(fromDay, 'fromDay');
  const last = parseDay(toDay, 'toDay');
  const result: ScreeningPeriod[] = [];
  for (let day = first; day <= last;) {
    const raw = rawPeriodOnDay(cadence, day);
    result.push(toPeriod(raw));
    day = raw.end + 1;
  }
  return result;
}

/** Maximum length of a sensitive period in days (a leap year). */
const MAX_SENSITIVE_DAYS = 366;

/** The days of a sensitive period, both ends included; at most 366 days. */
export function sensitiveDays(startsOn: string, endsOn: string): string[] {
  const first = parseDay(startsOn, 'startsOn');
  const last = parseDay(endsOn, 'endsOn');
  if (last < first) throw new RangeError(`Invalid sensitive period: endsOn ${endsOn} is before startsOn ${startsOn}`);
  const count = last - first + 1;
  if (count > MAX_SENSITIVE_DAYS) {
    throw new RangeError(`Invalid sensitive period: ${startsOn}–${endsOn} spans ${count} days, more than ${MAX_SENSITIVE_DAYS}`);
  }
  return Array.from({ length: count }, (_, i) => formatDay(first + i));
}

/** ON_TIME iff the report was submitted no later than the period's due instant. */
export function timeliness(period: ScreeningPeriod, submittedAt: Date): Timeliness {
  assertInstant(period?.dueAt, 'period.dueAt');
  assertInstant(submittedAt, 'submittedAt');
  return submittedAt.getTime() <= period.dueAt.getTime() ? 'ON_TIME' : 'LATE';
}
