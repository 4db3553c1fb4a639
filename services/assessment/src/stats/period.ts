import { addDays, isCivilDate } from '@petition/clock';
import { CodedError } from '@petition/subgraph';

export interface Period {
  from: string;
  to: string;
  label: string;
}

export interface PeriodSpec {
  month?: string | null; // 2025-06
  quarter?: string | null; // 2025-Q2
  half?: string | null; // 2025-H1
  year?: number | null; // 2025
  from?: string | null;
  to?: string | null;
}

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');
const months = (year: number, first: number, last: number, label: string): Period => ({
  from: `${year}-${pad(first)}-01`,
  to: `${year}-${pad(last)}-${pad(lastDay(year, last))}`,
  label,
});

/** A month, quarter, half-year, year or any range (both ends included), exactly one of them. */
export function parsePeriod(spec: PeriodSpec): Period {
  const given = (['month', 'quarter', 'half', 'year', 'from'] as const).filter((k) => spec[k] !== undefined && spec[k] !== null);
  if (given.length !== 1)
    throw new CodedError('BAD_USER_INPUT', '统计期间须且只能给出 month、quarter、half、year 或 from/to 之一', { field: 'period' });
  const bad = (field: string, hint: string) => new CodedError('BAD_USER_INPUT', `${field} 格式应为 ${hint}`, { field: `period.${field}` });
  if (spec.month) {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(spec.month);
    if (!m) throw bad('month', 'YYYY-MM');
    return months(+m[1], +m[2], +m[2], `${m[1]}年${+m[2]}月`);
  }
  if (spec.quarter) {
    const m = /^(\d{4})-Q([1-4])$/.exec(spec.quarter);
    if (!m) throw bad('quarter', 'YYYY-Q1…Q4');
    return months(+m[1], +m[2] * 3 - 2, +m[2] * 3, `${m[1]}年第${'一二三四'[+m[2] - 1]}季度`);
  }
  if (spec.half) {
    const m = /^(\d{4})-H([12])$/.exec(spec.half);
    if (!m) throw bad('half', 'YYYY-H1 或 YYYY-H2');
    return m[2] === '1' ? months(+m[1], 1, 6, `${m[1]}年上半年`) : months(+m[1], 7, 12, `${m[1]}年下半年`);
  }
  if (spec.year !== undefined && spec.year !== null) {
    if (!Number.isInteger(spec.year) || spec.year < 2000 || spec.year > 2100) throw bad('year', '2000–2100');
    return months(spec.year, 1, 12, `${spec.year}年`);
  }
  if (!isCivilDate(spec.from) || !isCivilDate(spec.to)) throw bad('from/to', 'YYYY-MM-DD');
  if (spec.to! < spec.from!) throw new CodedError('BAD_USER_INPUT', '结束日期不能早于开始日期', { field: 'period.to' });
  if (spec.to! > addDays(spec.from!, 366 * 10)) throw new CodedError('BAD_USER_INPUT', '统计区间最长10年', { field: 'period.to' });
  return { from: spec.from!, to: spec.to!, label: `${spec.from}至${spec.to}` };
}

/** A period made of whole calendar months (what the monthly rollups can answer). */
export function isWholeMonths(period: Period): boolean {
  const [y, m] = period.to.split('-').map(Number);
  return period.from.endsWith('-01') && Number(period.to.slice(8)) === lastDay(y, m);
}

/** The same days one year earlier (去年同期); 29 February maps to 28 February. */
export function previousYear(period: Period): Period {
  const back = (day: string) => {
    const y = +day.slice(0, 4) - 1;
    const md = day.slice(5);
    return md === '02-29' ? `${y}-02-28` : `${y}-${md}`;
  };
  return { from: back(period.from), to: back(period.to), label: `去年同期（${back(period.from)}至${back(period.to)}）` };
}

/** round(100 × part / whole, 1), half away from zero, in exact integer arithmetic. */
export function percent(part: number, whole: number): number | null {
  if (!whole) return null;
  const sign = Math.sign(part) * Math.sign(whole);
  const num = Math.abs(part) * 1000;
  const den = Math.abs(whole);
  return (sign * Math.floor((2 * num + den) / (2 * den))) / 10;
}

/** Year-on-year change as the source reports write it: (this − last) / last, one decimal; null without a base. */
export function yearOnYear(current: number, previous: number): number | null {
  return percent(current - previous, previous);
}
