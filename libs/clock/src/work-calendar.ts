export interface CalendarConfig {
  /** Public holidays that are rest days, 'YYYY-MM-DD'. */
  holidays: string[];
  /** Saturdays/Sundays made working days (调休), 'YYYY-MM-DD'. */
  workingWeekends: string[];
}

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `day` is a real calendar date written as 'YYYY-MM-DD'. */
export function isCivilDate(day: unknown): day is string {
  if (typeof day !== 'string') return false;
  const m = DAY_PATTERN.exec(day);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === day;
}

export function assertCivilDate(day: unknown, what = 'date'): asserts day is string {
  if (!isCivilDate(day)) {
    throw new Error(`Invalid ${what} ${JSON.stringify(day)}: expected a real date as YYYY-MM-DD`);
  }
}

// Civil dates are handled as UTC midnights so that arithmetic never depends on the host time zone.
function toUtcMs(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `day` plus `n` calendar days (n may be negative). */
export function addDays(day: string, n: number): string {
  assertCivilDate(day);
  return fromUtcMs(toUtcMs(day) + n * DAY_MS);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  assertCivilDate(from);
  assertCivilDate(to);
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(day: string): number {
  assertCivilDate(day);
  return new Date(toUtcMs(day)).getUTCDay();
}

function isWeekend(day: string): boolean {
  const d = dayOfWeek(day);
  return d === 0 || d === 6;
}

// A longer run of rest days than any real schedule has (the longest, Spring Festival, is ~9 days)
// means the configuration is broken; failing beats looping forever or returning a nonsense date.
const MAX_REST_RUN = 60;

export class WorkCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly workingWeekends: ReadonlySet<string>;

  constructor(config: CalendarConfig) {
    const errors: string[] = [];
    if (config === null || typeof config !== 'object') {
      throw new Error('Invalid work calendar: expected an object { holidays: string[], workingWeekends: string[] }');
    }
    for (const key of ['holidays', 'workingWeekends'] as const) {
      if (!Array.isArray(config[key])) errors.push(`${key} must be an array of YYYY-MM-DD strings`);
    }
    if (errors.length > 0) throw new Error(`Invalid work calendar: ${errors.join('; ')}`);

    const badHolidays = config.holidays.filter((d) => !isCivilDate(d));
    const badWorking = config.workingWeekends.filter((d) => !isCivilDate(d));
    if (badHolidays.length > 0) errors.push(`bad holiday dates: ${badHolidays.map((d) => JSON.stringify(d)).join(', ')}`);
    if (badWorking.length > 0) {
      errors.push(`bad working-weekend dates: ${badWorking.map((d) => JSON.stringify(d)).join(', ')}`);
    }
    if (errors.length === 0) {
      const notWeekend = config.workingWeekends.filter((d) => !isWeekend(d));
      if (notWeekend.length > 0) {
        errors.push(`working weekends that are not a Saturday or Sunday: ${notWeekend.join(', ')}`);
      }
      const holidaySet = new Set(config.holidays);
      const both = config.workingWeekends.filter((d) => holidaySet.has(d));
      if (both.length > 0) errors.push(`dates listed both as holiday and as working weekend: ${both.join(', ')}`);
    }
    if (errors.length > 0) throw new Error(`Invalid work calendar: ${errors.join('; ')}`);

    this.holidays = new Set(config.holidays);
    this.workingWeekends = new Set(config.workingWeekends);
  }

  /** Parses the `CASE_CALENDAR_JSON` form: `{"holidays":[...],"workingWeekends":[...]}`. */
  static fromJson(json: string): WorkCalendar {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      throw new Error(`Invalid work calendar JSON: ${(e as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('Invalid work calendar: expected an object { holidays: string[], workingWeekends: string[] }');
    }
    // A misspelt key would otherwise silently yield a calendar without holidays.
    const unknown = Object.keys(parsed).filter((k) => k !== 'holidays' && k !== 'workingWeekends');
    if (unknown.length > 0) throw new Error(`Invalid work calendar: unknown keys ${unknown.join(', ')}`);
    return new WorkCalendar(parsed as CalendarConfig);
  }

  /** A public holiday (法定节假日 and the rest days around it), as configured. */
  isHoliday(day: string): boolean {
    assertCivilDate(day, 'day');
    return this.holidays.has(day);
  }

  isWorkingDay(day: string): boolean {
    assertCivilDate(day, 'day');
    if (this.holidays.has(day)) return false;
    if (this.workingWeekends.has(day)) return true;
    return !isWeekend(day);
  }

  isRestDay(day: string): boolean {
    return !this.isWorkingDay(day);
  }

  /** `day` itself when it is a working day, otherwise the next working day after it. */
  workingDayOnOrAfter(day: string): string {
    let d = day;
    for (let i = 0; i <= MAX_REST_RUN; i++) {
      if (this.isWorkingDay(d)) return d;
      d = addDays(d, 1);
    }
    throw new Error(`Work calendar has more than ${MAX_REST_RUN} consecutive rest days after ${day}`);
  }

  /** The `n`th working day after `day` (not counting `day` itself); n >= 1. */
  addWorkingDays(day: string, n: number): string {
    assertCivilDate(day, 'day');
    if (!Number.isInteger(n) || n < 1) throw new Error(`Working-day count must be a positive integer, got ${n}`);
    let d = day;
    for (let counted = 0; counted < n; counted++) {
      d = this.workingDayOnOrAfter(addDays(d, 1));
    }
    return d;
  }
}

// Configuration, not law: taken from the State Council (国务院办公厅) holiday notices as best known
// when this was written, and it MUST be checked against the published notice for each year.
// Deployments override it with env CASE_CALENDAR_JSON, and must add each new year before it starts,
// since days of a year that is not listed are treated as plain weekdays/weekends.
export const CHINA_2026_CALENDAR: CalendarConfig = {
  holidays: [
    // 2025 (kept so periods started in late 2025 are computed correctly)
    '2025-01-01',
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-02-01',
    '2025-02-02',
    '2025-02-03',
    '2025-02-04',
    '2025-04-04',
    '2025-04-05',
    '2025-04-06',
    '2025-05-01',
    '2025-05-02',
    '2025-05-03',
    '2025-05-04',
    '2025-05-05',
    '2025-05-31',
    '2025-06-01',
    '2025-06-02',
    '2025-10-01',
    '2025-10-02',
    '2025-10-03',
    '2025-10-04',
    '2025-10-05',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08',
    // 2026 New Year
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    // 2026 Spring Festival
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
    // 2026 Qingming
    '2026-04-04',
    '2026-04-05',
    '2026-04-06',
    // 2026 Labour Day
    '2026-05-01',
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05',
    // 2026 Dragon Boat
    '2026-06-19',
    '2026-06-20',
    '2026-06-21',
    // 2026 Mid-Autumn
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    // 2026 National Day
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  workingWeekends: [
    '2025-01-26',
    '2025-02-08',
    '2025-04-27',
    '2025-09-28',
    '2025-10-11',
    '2026-01-04',
    '2026-02-14',
    '2026-02-28',
    '2026-05-09',
    '2026-09-20',
    '2026-10-10',
  ],
};

/** The `CALENDAR_JSON` environment variable, shared by every service that counts working days. */
export const CALENDAR_VARIABLE = {
  description: 'Working-day calendar `{"holidays":[...],"workingWeekends":[...]}` (调休); default: built-in 2025–2026',
  default: JSON.stringify(CHINA_2026_CALENDAR),
  parse: (raw: string) => WorkCalendar.fromJson(raw),
};
