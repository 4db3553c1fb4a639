// The specifics that tell one matter from another of the same kind: the year, the amount, the
// headcount, the area, the building, the villagers' group. Read from normalised text (Arabic
// digits, see normalize.ts). Two texts naming the same slot with values that cannot be the same
// (2021年 against 2022年, 5号楼 against 12号楼, 95万 against 3万) are evidence of two matters.

export const SPECIFIC_SLOTS = ['YEAR', 'MONEY', 'AREA', 'PEOPLE', 'HOUSEHOLD', 'BUILDING', 'UNIT', 'GROUP', 'MONTHS'] as const;
export type SpecificSlot = (typeof SPECIFIC_SLOTS)[number];

/** Slots compared exactly; the others are amounts compared on a factor-of-two scale. */
export const EXACT_SLOTS: ReadonlySet<SpecificSlot> = new Set(['YEAR', 'BUILDING', 'UNIT', 'GROUP']);

export const SLOT_LABEL: Record<SpecificSlot, string> = {
  YEAR: '年份',
  MONEY: '金额',
  AREA: '面积',
  PEOPLE: '人数',
  HOUSEHOLD: '户数',
  BUILDING: '楼栋',
  UNIT: '单元',
  GROUP: '组别',
  MONTHS: '月数',
};

export interface Specific {
  slot: SpecificSlot;
  value: number;
  /** As written (after normalisation), for the clerk. */
  text: string;
}

const APPROX = '[多余来几]?';
const MULTIPLIER: Record<string, number> = { 亿: 1e8, 万: 1e4, 千: 1e3 };

const YEAR_RE = /(?<![\d.])((?:19|20)\d{2})(?:年|[.\-/](?:0?[1-9]|1[0-2])(?!\d))/g;
const AMOUNT_RE = new RegExp(
  `(?<![\\d.])(\\d+(?:\\.\\d+)?)${APPROX}([亿万千])?${APPROX}(元|块|亩|平方米|平米|平方|m2|名|人|位|户|个月|个工人|个农民工|个村民|个学生|个职工|个人)?`,
  'g',
);
const BUILDING_RE = /(?<![\d.])(\d{1,3})(?:号楼|栋|幢|号住宅楼)/g;
const UNIT_RE = /(?<![\d.])(\d{1,2})单元/g;
const GROUP_RE = /(?<![\d.])(\d{1,2})(?:组|队)(?![织建合成员长])/g;

function unitSlot(unit: string | undefined, multiplier: string | undefined, next: string): SpecificSlot | null {
  switch (unit) {
    case '元':
    case '块':
      return 'MONEY';
    case '亩':
    case '平方米':
    case '平米':
    case '平方':
    case 'm2':
      return 'AREA';
    case '户':
      return 'HOUSEHOLD';
    case '个月':
      return 'MONTHS';
    case undefined:
      // 95万 on its own is an amount of money, unless a unit of something else follows.
      return multiplier === '万' || multiplier === '亿' ? (/^[人户亩平名个吨斤次株头只辆套间]/.test(next) ? null : 'MONEY') : null;
    default:
      return 'PEOPLE';
  }
}

/** The specifics of a normalised text, in order of appearance. */
export function extractSpecifics(normalized: string): Specific[] {
  const out: Specific[] = [];
  for (const m of normalized.matchAll(YEAR_RE)) out.push({ slot: 'YEAR', value: Number(m[1]), text: `${m[1]}年` });
  for (const m of normalized.matchAll(AMOUNT_RE)) {
    const [all, digits, multiplier, unit] = m;
    const next = normalized.slice((m.index ?? 0) + all.length, (m.index ?? 0) + all.length + 1);
    // A year is not an amount (2021年 is matched above).
    if (!multiplier && !unit) continue;
    const slot = unitSlot(unit, multiplier, next);
    if (!slot) continue;
    const value = Number(digits) * (multiplier ? MULTIPLIER[multiplier] : 1);
    if (!(value > 0) || !Number.isFinite(value)) continue;
    out.push({ slot, value, text: all });
  }
  for (const m of normalized.matchAll(BUILDING_RE)) out.push({ slot: 'BUILDING', value: Number(m[1]), text: m[0] });
  for (const m of normalized.matchAll(UNIT_RE)) out.push({ slot: 'UNIT', value: Number(m[1]), text: m[0] });
  for (const m of normalized.matchAll(GROUP_RE)) out.push({ slot: 'GROUP', value: Number(m[1]), text: m[0] });
  return out;
}

/**
 * The comparable tokens of a specific: an exact slot's value, or an amount's cells on two
 * factor-of-two grids offset by half a cell. Two amounts within a factor of √2 share a cell;
 * amounts twice apart or more share none.
 */
export function specificTokens(s: Specific): string[] {
  if (EXACT_SLOTS.has(s.slot)) return [String(s.value)];
  const l = Math.log2(s.value);
  return [`a${Math.floor(l)}`, `b${Math.floor(l + 0.5)}`];
}
