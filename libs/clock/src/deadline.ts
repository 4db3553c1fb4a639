import { type WorkCalendar, addDays, assertCivilDate, daysBetween } from './work-calendar';

// China has used UTC+8 all year since 1991 (no DST), so a fixed offset is exact for any case date.
const CHINA_OFFSET_MS = 8 * 3_600_000;

function assertInstant(instant: Date, what: string): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`Invalid ${what}: expected a valid Date`);
  }
}

/** The China (Asia/Shanghai) civil date, 'YYYY-MM-DD', of an instant. */
export function chinaDate(instant: Date): string {
  assertInstant(instant, 'instant');
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a China wall-clock time `HH:MM` on a civil day, e.g. a duty shift's start. */
export function chinaTime(day: string, time: string): Date {
  assertCivilDate(day, 'day');
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) throw new RangeError(`Invalid time of day: expected HH:MM, got ${time}`);
  return new Date(Date.parse(`${day}T${time}:00.000Z`) - CHINA_OFFSET_MS);
}

/** The last millisecond of a China civil day: `day`T23:59:59.999+08:00. */
export function endOfChinaDay(day: string): Date {
  assertCivilDate(day, 'day');
  const startUtc = Date.parse(`${day}T00:00:00.000Z`);
  return new Date(startUtc + 86_400_000 - 1 - CHINA_OFFSET_MS);
}

export type DeadlineUnit = 'CALENDAR_DAYS' | 'WORKING_DAYS';

export type RuleCode =
  | 'ROUTING_15D'
  | 'ACCEPTANCE_15D'
  | 'RETURN_5WD'
  | 'HANDLING_60D'
  | 'EXTENSION_MAX_30D'
  | 'REVIEW_REQUEST_30D'
  | 'REVIEW_DECISION_30D'
  | 'REREVIEW_REQUEST_30D'
  | 'REREVIEW_DECISION_30D';

export interface DeadlineRule {
  code: string;
  days: number;
  unit: DeadlineUnit;
  basis: string;
}

export interface DueDate {
  /** Last day of the period, China civil date. */
  dueOn: string;
  /** End of `dueOn` in China time. */
  dueAt: Date;
  /** Stable human-readable explanation, stored with the due date. */
  rule: string;
}

const RULE_CODES: readonly RuleCode[] = [
  'ROUTING_15D',
  'ACCEPTANCE_15D',
  'RETURN_5WD',
  'HANDLING_60D',
  'EXTENSION_MAX_30D',
  'REVIEW_REQUEST_30D',
  'REVIEW_DECISION_30D',
  'REREVIEW_REQUEST_30D',
  'REREVIEW_DECISION_30D',
];

function makeRule(code: RuleCode, days: number, unit: DeadlineUnit, basis: string): DeadlineRule {
  return Object.freeze({ code, days, unit, basis });
}

export const DEFAULT_RULES: Record<RuleCode, DeadlineRule> = Object.freeze({
  ROUTING_15D: makeRule('ROUTING_15D', 15, 'CALENDAR_DAYS', '信访工作条例 art. 22'),
  ACCEPTANCE_15D: makeRule('ACCEPTANCE_15D', 15, 'CALENDAR_DAYS', '信访工作条例 art. 23'),
  RETURN_5WD: makeRule('RETURN_5WD', 5, 'WORKING_DAYS', '信访工作条例 art. 23 ¶3'),
  HANDLING_60D: makeRule('HANDLING_60D', 60, 'CALENDAR_DAYS', '信访工作条例 art. 34'),
  EXTENSION_MAX_30D: makeRule('EXTENSION_MAX_30D', 30, 'CALENDAR_DAYS', '信访工作条例 art. 34'),
  REVIEW_REQUEST_30D: makeRule('REVIEW_REQUEST_30D', 30, 'CALENDAR_DAYS', '信访工作条例 art. 35'),
  REVIEW_DECISION_30D: makeRule('REVIEW_DECISION_30D', 30, 'CALENDAR_DAYS', '信访工作条例 art. 35'),
  REREVIEW_REQUEST_30D: makeRule('REREVIEW_REQUEST_30D', 30, 'CALENDAR_DAYS', '信访工作条例 art. 36'),
  REREVIEW_DECISION_30D: makeRule('REREVIEW_DECISION_30D', 30, 'CALENDAR_DAYS', '信访工作条例 art. 36'),
});

/**
 * The default rules with the number of days replaced where configured (e.g. a city that sets
 * 30 days instead of 60 for handling). Unit and legal basis stay as in DEFAULT_RULES.
 */
export function rulesFromConfig(overrides: Partial<Record<RuleCode, number>>): Record<RuleCode, DeadlineRule> {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new Error('Deadline overrides must be an object of rule code to days');
  }
  // Overrides usually come from environment JSON, so the keys and values are checked at run time.
  const errors: string[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    if (!(RULE_CODES as readonly string[]).includes(key)) {
      errors.push(`unknown rule code ${key}`);
    } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      errors.push(`${key} must be a positive whole number of days, got ${JSON.stringify(value)}`);
    }
  }
  if (errors.length > 0) throw new Error(`Invalid deadline configuration: ${errors.join('; ')}`);

  const result = {} as Record<RuleCode, DeadlineRule>;
  for (const code of RULE_CODES) {
    const base = DEFAULT_RULES[code];
    const days = overrides[code];
    result[code] = days === undefined ? base : makeRule(code, days, base.unit, base.basis);
  }
  return Object.freeze(result);
}

function checkCount(value: number | undefined, name: string, min: number): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number >= ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function plural(n: number, unit: DeadlineUnit): string {
  const word = unit === 'WORKING_DAYS' ? 'working day' : 'calendar day';
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Due date of a period that starts the day after `eventInstant` (China date).
 * CALENDAR_DAYS: the last day is the event date + days (+ extraDays + pausedDays), moved to the next
 * working day when it is a rest day (Civil Code art. 203). WORKING_DAYS: the Nth working day after
 * the event date; extraDays and pausedDays are then counted in working days too.
 */
export function computeDue(
  rule: DeadlineRule,
  eventInstant: Date,
  calendar: WorkCalendar,
  opts: { extraDays?: number; pausedDays?: number } = {},
): DueDate {
  assertInstant(eventInstant, 'event instant');
  checkCount(rule.days, `${rule.code} days`, 1);
  const extraDays = checkCount(opts.extraDays, 'extraDays', 0);
  const pausedDays = checkCount(opts.pausedDays, 'pausedDays', 0);
  const total = rule.days + extraDays + pausedDays;
  const eventDay = chinaDate(eventInstant);

  const parts = [`${rule.code}: ${plural(rule.days, rule.unit)} from ${eventDay} (${rule.basis})`];
  if (extraDays > 0) parts.push(`extended by ${plural(extraDays, rule.unit)}`);
  if (pausedDays > 0) parts.push(`${plural(pausedDays, rule.unit)} paused for hearing (听证) not counted`);

  let dueOn: string;
  if (rule.unit === 'WORKING_DAYS') {
    dueOn = calendar.addWorkingDays(eventDay, total);
    parts.push(`last day ${dueOn}`);
  } else {
    const lastDay = addDays(eventDay, total);
    dueOn = calendar.workingDayOnOrAfter(lastDay);
    parts.push(dueOn === lastDay ? `last day ${lastDay}` : `last day ${lastDay} is a rest day, moved to next working day ${dueOn}`);
  }
  return { dueOn, dueAt: endOfChinaDay(dueOn), rule: parts.join('; ') };
}

/** True once `now` is strictly after the end of the last day. */
export function isOverdue(due: DueDate | { dueAt: Date }, now: Date): boolean {
  assertInstant(due.dueAt, 'dueAt');
  assertInstant(now, 'now');
  return now.getTime() > due.dueAt.getTime();
}

/** Calendar days from today (China date of `now`) to `dueOn`: 0 on the last day, negative when late. */
export function daysRemaining(dueOn: string, now: Date): number {
  assertCivilDate(dueOn, 'dueOn');
  return daysBetween(chinaDate(now), dueOn);
}
