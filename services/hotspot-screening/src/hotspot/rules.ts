import { createHash } from 'crypto';

// The hotspot rules as pure functions and plain configuration: how a petition joins a cluster,
// which alert a cluster raises, and the surge detector per (region, category) cell. Everything
// here reads event time, never the wall clock, so replaying the streams gives the same answer.

export const LEVEL_RANK: Record<string, number> = { TOWNSHIP: 1, COUNTY: 2, CITY: 3, PROVINCE: 4, NATIONAL: 5 };
export const LEVEL_BY_RANK = Object.fromEntries(Object.entries(LEVEL_RANK).map(([k, v]) => [v, k])) as Record<number, string>;

/** Why a petition is in its hotspot. FOUNDER: it started the hotspot. */
export const JOIN_REASONS = ['FOUNDER', 'REPEAT', 'ORGANIZATION', 'SIMILAR_TEXT', 'PLACE_CATEGORY'] as const;
export type JoinReason = (typeof JOIN_REASONS)[number];

/** What holds a hotspot together: the reason its second petition joined (SINGLE until then). */
export const HOTSPOT_KINDS = ['SINGLE', 'REPEAT', 'ORGANIZATION', 'SIMILAR_TEXT', 'PLACE_CATEGORY'] as const;
export type HotspotKind = (typeof HOTSPOT_KINDS)[number];

export const ALERT_RULES = ['HIGH_LEVEL', 'COLLECTIVE_VISITS', 'PETITION_COUNT', 'SURGE'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export interface HotspotConfig {
  /** Same involved organisation (normalised, same city) within this many days of its last petition. */
  organizationWindowDays: number;
  /** Near-duplicate text (same city) within this many days. */
  textWindowDays: number;
  /**
   * The matter matcher's score (libs/text `matchMatter`, 0–1) at or above which a petition joins the
   * hotspot of an earlier one by text. Chosen for precision: the hotspot merges petitions by itself.
   */
  textThreshold: number;
  /**
   * Anti-chaining: when two or more petitions of a hotspot are candidates, the second best must
   * score at least this, or the hotspot is not joined by text (one lookalike is not enough).
   */
  textSupport: number;
  /** Same category in the same township within this many days. */
  placeWindowDays: number;
  /** Visits of a collective (5+ people) in one hotspot within `days` that raise an alert. */
  collectiveVisits: { count: number; days: number };
  /** Levels at which a single visit raises an alert (越级: province, Beijing). */
  highLevels: string[];
  /** Petitions in one hotspot within `days` that raise an alert. */
  petitionCount: { count: number; days: number };
  /** Surge detector per (region, category) cell: EWMA baseline of daily counts, Poisson tail test. */
  surge: { alpha: number; lambdaFloor: number; pValue: number; minCount: number };
  /** No second alert for one hotspot within this many days, unless a more severe rule fires. */
  coolDownDays: number;
}

export const DEFAULT_HOTSPOT_CONFIG: HotspotConfig = {
  organizationWindowDays: 180,
  textWindowDays: 90,
  textThreshold: 0.995,
  textSupport: 0.5,
  placeWindowDays: 30,
  collectiveVisits: { count: 3, days: 7 },
  highLevels: ['PROVINCE', 'NATIONAL'],
  petitionCount: { count: 10, days: 30 },
  surge: { alpha: 0.1, lambdaFloor: 0.2, pValue: 0.001, minCount: 3 },
  coolDownDays: 7,
};

/** Severity decides which rule speaks when several fire, and which may break a cool-down. */
export const RULE_SEVERITY: Record<AlertRule, number> = { HIGH_LEVEL: 3, COLLECTIVE_VISITS: 2, PETITION_COUNT: 1, SURGE: 1 };

/** `HOTSPOT_CONFIG` JSON: a partial override of the defaults, every value checked. */
export function parseHotspotConfig(raw: string): HotspotConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new RangeError('HOTSPOT_CONFIG is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RangeError('HOTSPOT_CONFIG must be a JSON object');
  const o = parsed as Record<string, unknown>;
  const known = new Set(Object.keys(DEFAULT_HOTSPOT_CONFIG));
  for (const key of Object.keys(o)) if (!known.has(key)) throw new RangeError(`HOTSPOT_CONFIG: unknown setting ${key}`);
  const config: HotspotConfig = structuredClone(DEFAULT_HOTSPOT_CONFIG);
  const num = (path: string, value: unknown, min: number, max: number, integer = true): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new RangeError(`HOTSPOT_CONFIG: ${path} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
    }
    return value;
  };
  const sub = (key: string): Record<string, unknown> => {
    const v = o[key];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RangeError(`HOTSPOT_CONFIG: ${key} must be an object`);
    return v as Record<string, unknown>;
  };
  if ('organizationWindowDays' in o) config.organizationWindowDays = num('organizationWindowDays', o.organizationWindowDays, 1, 3660);
  if ('textWindowDays' in o) config.textWindowDays = num('textWindowDays', o.textWindowDays, 1, 3660);
  if ('placeWindowDays' in o) config.placeWindowDays = num('placeWindowDays', o.placeWindowDays, 1, 3660);
  if ('textThreshold' in o) config.textThreshold = num('textThreshold', o.textThreshold, 0.05, 1, false);
  if ('textSupport' in o) config.textSupport = num('textSupport', o.textSupport, 0, 1, false);
  if ('coolDownDays' in o) config.coolDownDays = num('coolDownDays', o.coolDownDays, 0, 366);
  if ('collectiveVisits' in o) {
    const v = sub('collectiveVisits');
    config.collectiveVisits = {
      count: num('collectiveVisits.count', v.count ?? config.collectiveVisits.count, 1, 10000),
      days: num('collectiveVisits.days', v.days ?? config.collectiveVisits.days, 1, 366),
    };
  }
  if ('petitionCount' in o) {
    const v = sub('petitionCount');
    config.petitionCount = {
      count: num('petitionCount.count', v.count ?? config.petitionCount.count, 2, 1_000_000),
      days: num('petitionCount.days', v.days ?? config.petitionCount.days, 1, 366),
    };
  }
  if ('highLevels' in o) {
    const v = o.highLevels;
    if (!Array.isArray(v) || v.some((l) => typeof l !== 'string' || !(l in LEVEL_RANK))) {
      throw new RangeError(`HOTSPOT_CONFIG: highLevels must be a list of ${Object.keys(LEVEL_RANK).join(', ')}`);
    }
    config.highLevels = v as string[];
  }
  if ('surge' in o) {
    const v = sub('surge');
    config.surge = {
      alpha: num('surge.alpha', v.alpha ?? config.surge.alpha, 0.001, 1, false),
      lambdaFloor: num('surge.lambdaFloor', v.lambdaFloor ?? config.surge.lambdaFloor, 0.001, 1000, false),
      pValue: num('surge.pValue', v.pValue ?? config.surge.pValue, 1e-12, 0.5, false),
      minCount: num('surge.minCount', v.minCount ?? config.surge.minCount, 1, 10000),
    };
  }
  return config;
}

/**
 * An organisation's name as a key: width, case, spaces and punctuation folded, and the legal-form
 * tail shortened (有限责任公司/股份有限公司/有限公司 → 公司), so 「宏达建筑工程有限公司」 and
 * 「宏达建筑工程 公司」 are one organisation. Null when nothing is left.
 */
export function normalizeOrganization(name: string | null | undefined): string | null {
  if (!name) return null;
  let t = name.normalize('NFKC').toLowerCase();
  t = t.replace(/[\p{P}\p{S}\p{Z}\p{C}\s]+/gu, '');
  t = t.replace(/(股份有限公司|有限责任公司|有限公司)$/u, '公司');
  return t.length > 0 ? t : null;
}

/** A UUID derived from its parts: replaying the same events gives the same ids. */
export function derivedUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = (h[6] & 0x0f) | 0x80; // version 8 (custom)
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** P(X ≥ k) for X ~ Poisson(λ). */
export function poissonTail(k: number, lambda: number): number {
  if (!Number.isInteger(k) || k < 0) throw new RangeError('k must be a non-negative integer');
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError('lambda must be a non-negative number');
  if (k === 0) return 1;
  if (lambda === 0) return 0;
  // 1 − P(X ≤ k−1), summed in log space for stability.
  let term = Math.exp(-lambda);
  let cdf = term;
  for (let i = 1; i < k; i++) {
    term *= lambda / i;
    cdf += term;
  }
  return Math.max(0, 1 - cdf);
}

/** The cell's baseline, an exponentially weighted mean of its daily counts. */
export interface CellState {
  /** Baseline daily rate before `day`. */
  ewma: number;
  /** The day being counted (China date) and its count so far. */
  day: string;
  count: number;
  /** Days of history behind the baseline. */
  days: number;
}

const DAY_MS = 86_400_000;
function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/**
 * Counts one petition into its cell on `day` and says whether today's count is a surge: so unlikely
 * under the baseline (P(X ≥ count) < pValue) and at least `minCount`. Closing a day folds its count
 * into the EWMA; days without petitions fold in as zeros. A petition for a day already closed (a late
 * event) is counted into no baseline and never fires.
 */
export function countIntoCell(
  state: CellState | null,
  day: string,
  surge: HotspotConfig['surge'],
): { state: CellState; fired: boolean; lambda: number } {
  let s: CellState = state ?? { ewma: 0, day, count: 0, days: 0 };
  const gap = dayNumber(day) - dayNumber(s.day);
  if (gap < 0) return { state: s, fired: false, lambda: Math.max(s.ewma, surge.lambdaFloor) };
  if (gap > 0) {
    // Close the counted day, then decay through the empty days in between.
    let ewma = s.days === 0 ? s.count : surge.alpha * s.count + (1 - surge.alpha) * s.ewma;
    const empty = Math.min(gap - 1, 3650);
    ewma *= Math.pow(1 - surge.alpha, empty);
    s = { ewma, day, count: 0, days: s.days + gap };
  }
  s = { ...s, count: s.count + 1 };
  const lambda = Math.max(s.ewma, surge.lambdaFloor);
  // Fire once per cell-day: at the first count that crosses the line.
  const crosses = (n: number) => n >= surge.minCount && poissonTail(n, lambda) < surge.pValue;
  const fired = crosses(s.count) && !crosses(s.count - 1);
  return { state: s, fired, lambda };
}

export interface AlertCandidate {
  rule: AlertRule;
  description: string;
}

export interface AlertFacts {
  level: string;
  collectiveInWindow: number;
  petitionsInWindow: number;
  surge: { fired: boolean; count: number; lambda: number };
}

/** Every rule that fires for the hotspot after this petition joined, most severe first. */
export function firingRules(config: HotspotConfig, facts: AlertFacts): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  if (config.highLevels.includes(facts.level)) {
    out.push({ rule: 'HIGH_LEVEL', description: `有${LEVEL_LABEL[facts.level] ?? facts.level}层级的来访` });
  }
  if (facts.collectiveInWindow >= config.collectiveVisits.count) {
    out.push({
      rule: 'COLLECTIVE_VISITS',
      description: `${config.collectiveVisits.days}日内集体访${facts.collectiveInWindow}批（阈值${config.collectiveVisits.count}）`,
    });
  }
  if (facts.petitionsInWindow >= config.petitionCount.count) {
    out.push({
      rule: 'PETITION_COUNT',
      description: `${config.petitionCount.days}日内${facts.petitionsInWindow}件（阈值${config.petitionCount.count}）`,
    });
  }
  if (facts.surge.fired) {
    out.push({
      rule: 'SURGE',
      description: `同一地区同类问题当日${facts.surge.count}件，远高于基线（日均${facts.surge.lambda.toFixed(2)}件）`,
    });
  }
  return out.sort((a, b) => RULE_SEVERITY[b.rule] - RULE_SEVERITY[a.rule]);
}

export interface RecentAlert {
  rule: AlertRule;
  raisedAt: Date;
}

/**
 * The alert to raise, if any: the most severe firing rule, unless an alert was raised for this
 * hotspot within the cool-down with the same or a higher severity (no re-alert; escalation passes).
 */
export function alertToRaise(config: HotspotConfig, firing: AlertCandidate[], recent: RecentAlert[], at: Date): AlertCandidate | null {
  const top = firing[0];
  if (!top) return null;
  const since = at.getTime() - config.coolDownDays * DAY_MS;
  const blocking = recent.some((a) => a.raisedAt.getTime() > since && RULE_SEVERITY[a.rule] >= RULE_SEVERITY[top.rule]);
  return blocking ? null : top;
}

const LEVEL_LABEL: Record<string, string> = { NATIONAL: '赴京', PROVINCE: '赴省', CITY: '到市', COUNTY: '到县', TOWNSHIP: '乡镇' };
