import { Names } from './names';
import { type CategoryCode, type Facts, type IssuePlan, makePlan, PROBLEM_TYPES, type ProblemType, renderText } from './problems';
import { Rng } from './rng';

// A generated, labelled petition corpus for the hotspot clustering rules:
//   (1) same involved organisation, same city (first 4 region digits), last petition ≤ 180 days;
//   (2) near-duplicate text (signature Jaccard ≥ threshold), same city, ≤ 90 days;
//   (3) same category in the same 9-digit township, ≤ 30 days after the cluster's last petition.
// The label is the generator's intent. It is what the rules give when they work perfectly, because
// the generator keeps every pair of different labels apart on all three rules:
//   - every organisation name belongs to exactly one label (unique stem across the corpus);
//   - every label owns its (township, category) cells for its whole time span plus 32 days either side
//     (a margin over the 30-day rule, whichever petition of a cluster a service takes as its "last");
//   - texts of different labels are about different issues (different estates, companies, amounts),
//     though issues of one problem type share all the problem vocabulary: that is where a text rule
//     can go wrong, and what the benchmark measures.
// Clusters:
//   ORG   same organisation on the form, paraphrases of one issue, 1–6 townships of one city, ≤ 60 days;
//   TEXT  no organisation, paraphrases of one shared issue (an estate's certificates, a bus route, a
//         factory's effluent) across 2–10 townships of one city, ≤ 80 days, filed under either of two
//         plausible categories;
//   PLACE one township, one category, ≤ 20 days, every petition about a different issue.
// Singletons: an organisation unique to them or none, a (township, category) cell free of every other
// label within ±32 days, an issue of their own. Accusations (检举控告) carry no organisation and no
// signature: they appear only as singletons and in PLACE clusters, the one rule that can group them.

export type Nature = 'GRIEVANCE' | 'SUGGESTION' | 'ACCUSATION';
export type VisitKind = 'INDIVIDUAL' | 'COLLECTIVE';
export type Level = 'TOWNSHIP' | 'COUNTY' | 'CITY' | 'PROVINCE' | 'NATIONAL';
export type Channel = 'LETTER' | 'VISIT' | 'PHONE' | 'ONLINE';
export type ClusterKind = 'ORG' | 'TEXT' | 'PLACE' | 'SINGLETON';

export interface CorpusPetition {
  petitionId: string;
  /** The true cluster; a singleton has a label of its own. */
  label: string;
  /** Summary + demands, 30–120 characters. */
  text: string;
  categoryCode: CategoryCode;
  /** 9-digit township code. */
  regionCode: string;
  involvedOrganization: string | null;
  nature: Nature;
  visitKind: VisitKind;
  headcount: number;
  level: Level;
  skipLevel: boolean;
  channel: Channel;
  /** ISO 8601; the corpus is sorted by it. */
  registeredAt: string;
  /** How the generator meant it: the cluster kind, the problem type, the issue (same issue = paraphrases). */
  truth: { kind: ClusterKind; problem: string; issue: number };
}

export interface CorpusOptions {
  size: number;
  seed: number;
  start: Date;
  days: number;
}

export interface Township {
  code: string;
  city: number;
  county: number;
  name: string;
}

export interface Geography {
  cityCodes: string[];
  countiesPerCity: number;
  townshipsPerCounty: number;
  townships: Township[];
}

export interface CorpusStats {
  clusters: Record<Exclude<ClusterKind, 'SINGLETON'>, number>;
  petitions: Record<ClusterKind, number>;
  accusations: number;
  /** Singletons that needed the exhaustive slot search after random placement failed. */
  slotFallbacks: number;
  /** Size of every ORG, TEXT and PLACE cluster. */
  clusterSizes: number[];
}

export const RULES = {
  orgWindowDays: 180,
  textWindowDays: 90,
  placeWindowDays: 30,
} as const;

const SPREAD_DAYS: Record<Exclude<ClusterKind, 'SINGLETON'>, number> = { ORG: 60, TEXT: 80, PLACE: 20 };
/** Two labels never meet in a (township, category) cell closer than this (rule 3 uses 30 days). */
export const SLOT_GAP_DAYS = 32;
const CLUSTERED_SHARE = 0.45;
const KIND_SHARE = { ORG: 0.4, TEXT: 0.35, PLACE: 0.25 };
const CITY_CODES = ['3301', '3302', '3303', '3306', '3307'];
const CITY_WEIGHTS = [0.3, 0.24, 0.2, 0.14, 0.12];
const COUNTIES_PER_CITY = 8;

/**
 * 5 cities × 8 counties × N townships. N is 12 up to 36,000 petitions and grows with the corpus beyond
 * that (34 at 100,000): with 14 categories and 365 days a (township, category) cell holds at most
 * 365 / 32 ≈ 11 labels, and singletons must own theirs, so 480 townships cannot take 55,000 of them.
 */
export function townshipsPerCounty(size: number): number {
  return Math.max(12, Math.ceil(size / 3000));
}

function buildGeography(size: number, names: Names): Geography {
  const perCounty = townshipsPerCounty(size);
  const townships: Township[] = [];
  CITY_CODES.forEach((cityCode, city) => {
    for (let county = 0; county < COUNTIES_PER_CITY; county++) {
      const countyCode = cityCode + String(county + 2).padStart(2, '0');
      for (let t = 0; t < perCounty; t++) {
        townships.push({ code: countyCode + String(t + 1).padStart(3, '0'), city, county, name: names.town() });
      }
    }
  });
  return { cityCodes: CITY_CODES, countiesPerCity: COUNTIES_PER_CITY, townshipsPerCounty: perCounty, townships };
}

// ---- slot bookkeeping (rule 3) ---------------------------------------------------------------

const CATEGORY_INDEX = new Map<string, number>();
function categoryIndex(c: CategoryCode): number {
  let i = CATEGORY_INDEX.get(c);
  if (i === undefined) CATEGORY_INDEX.set(c, (i = CATEGORY_INDEX.size));
  return i;
}
const cellKey = (township: number, category: CategoryCode) => township * 32 + categoryIndex(category);

/** Which label holds which (township, category) cell over which time interval. */
class Occupancy {
  private readonly cells = new Map<number, number[]>(); // flat [from, to, label, …]

  free(key: number, from: number, to: number, label: number): boolean {
    const e = this.cells.get(key);
    if (!e) return true;
    for (let i = 0; i < e.length; i += 3) {
      if (e[i + 2] !== label && e[i] <= to + SLOT_GAP_DAYS && from <= e[i + 1] + SLOT_GAP_DAYS) return false;
    }
    return true;
  }

  add(key: number, from: number, to: number, label: number): void {
    const e = this.cells.get(key);
    if (e) e.push(from, to, label);
    else this.cells.set(key, [from, to, label]);
  }

  remove(key: number, label: number): void {
    const e = this.cells.get(key);
    if (!e) return;
    const kept: number[] = [];
    for (let i = 0; i < e.length; i += 3) if (e[i + 2] !== label) kept.push(e[i], e[i + 1], e[i + 2]);
    if (kept.length) this.cells.set(key, kept);
    else this.cells.delete(key);
  }

  /** A random time in [0, days) at which `key` is free for a point label, or undefined. */
  gap(key: number, days: number, rng: Rng): number | undefined {
    const e = this.cells.get(key) ?? [];
    const busy: Array<[number, number]> = [];
    for (let i = 0; i < e.length; i += 3) busy.push([e[i] - SLOT_GAP_DAYS - 0.01, e[i + 1] + SLOT_GAP_DAYS + 0.01]);
    busy.sort((x, y) => x[0] - y[0]);
    const free: Array<[number, number]> = [];
    let from = 0;
    for (const [a, b] of busy) {
      if (a > from) free.push([from, Math.min(a, days - 1)]);
      from = Math.max(from, b);
    }
    if (from < days - 1) free.push([from, days - 1]);
    const usable = free.filter(([a, b]) => b > a);
    if (usable.length === 0) return undefined;
    const [a, b] = rng.pick(usable);
    return a + rng.next() * (b - a);
  }
}

// ---- generation ------------------------------------------------------------------------------

interface Draft {
  label: number;
  kind: ClusterKind;
  type: ProblemType;
  issue: number;
  facts: Facts;
  plan: IssuePlan;
  township: number;
  category: CategoryCode;
  /** Days since start, office hours. */
  t: number;
  org: string | null;
}

/** Office hours (08:30–17:30 from the start's midnight) for a uniform day offset. */
function officeTime(t: number): number {
  const day = Math.floor(t);
  return day + (8.5 + 9 * (t - day)) / 24;
}

const isAccusation = (t: ProblemType) => t.accusation === true;

export function generateCorpus(options: CorpusOptions): CorpusPetition[] {
  return generateCorpusDetailed(options).petitions;
}

export function generateCorpusDetailed(options: CorpusOptions): { petitions: CorpusPetition[]; geography: Geography; stats: CorpusStats } {
  const { size, seed, start, days } = options;
  if (!Number.isInteger(size) || size <= 0) throw new RangeError('size must be a positive integer');
  if (!(days >= 30)) throw new RangeError('days must be at least 30');
  const rng = new Rng(seed);
  const idRng = new Rng(seed ^ 0x5bd1e995);
  const names = new Names(rng);
  const geo = buildGeography(size, names);
  const occ = new Occupancy();
  const byCity = CITY_CODES.map((_, c) => geo.townships.map((t, i) => (t.city === c ? i : -1)).filter((i) => i >= 0));
  const byCounty = new Map<string, number[]>();
  geo.townships.forEach((t, i) => {
    const k = `${t.city}:${t.county}`;
    byCounty.set(k, [...(byCounty.get(k) ?? []), i]);
  });
  const drafts: Draft[] = [];
  const stats: CorpusStats = {
    clusters: { ORG: 0, TEXT: 0, PLACE: 0 },
    petitions: { ORG: 0, TEXT: 0, PLACE: 0, SINGLETON: 0 },
    accusations: 0,
    slotFallbacks: 0,
    clusterSizes: [],
  };
  let nextLabel = 0;
  let nextIssue = 0;

  const pickCity = () => rng.weightedIndex(CITY_WEIGHTS);
  const newIssue = (type: ProblemType, township: number): { issue: number; facts: Facts; plan: IssuePlan } => {
    const t = geo.townships[township];
    const facts = { town: t.name, ...type.facts(names, rng, { city: t.city, town: t.name }) };
    return { issue: nextIssue++, facts, plan: makePlan(type, rng) };
  };

  // Cluster sizes: ORG and TEXT heavy-tailed in 3–60 (median 5, a few of 40–60), PLACE 3–12.
  const sizeSampler: Record<Exclude<ClusterKind, 'SINGLETON'>, () => number> = {
    ORG: () => Math.min(60, Math.max(3, Math.round(3 * Math.pow(1 - rng.next(), -0.75)))),
    TEXT: () => Math.min(60, Math.max(3, Math.round(3 * Math.pow(1 - rng.next(), -0.75)))),
    PLACE: () => Math.min(12, 3 + Math.floor(-Math.log(1 - rng.next()) * 1.6)),
  };
  const plan: Array<{ kind: Exclude<ClusterKind, 'SINGLETON'>; size: number }> = [];
  const clusteredTarget = size >= 6 ? Math.round(size * CLUSTERED_SHARE) : 0;
  for (const kind of ['ORG', 'TEXT', 'PLACE'] as const) {
    const maxSize = kind === 'PLACE' ? 12 : 60;
    let remaining = Math.round(clusteredTarget * KIND_SHARE[kind]);
    while (remaining >= 3) {
      let s = Math.min(sizeSampler[kind](), remaining);
      const rest = remaining - s;
      // Never leave a remainder of 1 or 2: grow this cluster or leave exactly 3.
      if (rest > 0 && rest < 3) s = s + rest <= maxSize ? remaining : s - (3 - rest);
      plan.push({ kind, size: s });
      remaining -= s;
    }
  }
  // Big clusters first: they are the hardest to fit.
  plan.sort((a, b) => b.size - a.size);

  const orgTypes = PROBLEM_TYPES.filter((t) => t.org && !isAccusation(t));
  const sharedTypes = PROBLEM_TYPES.filter((t) => t.shared && !isAccusation(t));
  const allTypes = PROBLEM_TYPES;
  // Petitions about a shared matter are more often clustered; weight them up for ORG clusters.
  const orgWeights = orgTypes.map((t) => t.weight * (t.shared ? 3 : 1));
  const sharedWeights = sharedTypes.map((t) => t.weight);
  const allWeights = allTypes.map((t) => t.weight);
  const categories = Array.from(new Set(PROBLEM_TYPES.flatMap((t) => t.categories)));
  const categoryWeights = categories.map((c) => PROBLEM_TYPES.filter((t) => t.categories.includes(c)).reduce((s, t) => s + t.weight, 0));

  const memberTimes = (n: number, spread: number, t0: number, burst: boolean) => {
    const ts: number[] = [];
    for (let i = 0; i < n; i++) ts.push(officeTime(t0 + spread * (burst ? Math.pow(rng.next(), 1.6) : rng.next())));
    // The first petition opens the cluster at t0.
    ts[0] = officeTime(t0);
    return ts.sort((a, b) => a - b);
  };

  // ---- ORG and TEXT clusters: several townships of one city ----------------------------------
  const placeSpread = (kind: 'ORG' | 'TEXT', n: number): Draft[] | undefined => {
    const label = nextLabel;
    const types = kind === 'ORG' ? orgTypes : sharedTypes;
    const type = rng.weighted(types, kind === 'ORG' ? orgWeights : sharedWeights);
    const city = pickCity();
    const home = rng.pick(byCity[city]);
    const homeCounty = byCounty.get(`${city}:${geo.townships[home].county}`)!;
    const { issue, facts, plan } = newIssue(type, home);
    const org = kind === 'ORG' ? String(facts.org) : null;
    const maxSpread = Math.min(SPREAD_DAYS[kind] - 1.5, days - 2);
    const altShare = kind === 'TEXT' ? 0.35 : 0.1;
    const nTownships = kind === 'ORG' ? Math.min(6, Math.max(1, 1 + Math.floor(n / 5))) : Math.min(10, Math.max(2, 2 + Math.floor(n / 4)));
    for (let attempt = 0; attempt < 25; attempt++) {
      const spread = maxSpread * (n <= 4 ? 0.1 + 0.6 * rng.next() : 0.4 + 0.6 * rng.next());
      const t0 = rng.next() * (days - 1 - spread);
      const times = memberTimes(n, spread, t0, kind === 'ORG');
      const from = times[0];
      const to = times[times.length - 1];
      const set = [home];
      while (set.length < nTownships) {
        const pool = kind === 'ORG' ? (rng.chance(0.7) ? homeCounty : byCity[city]) : rng.chance(0.4) ? homeCounty : byCity[city];
        const t = rng.pick(pool);
        if (!set.includes(t)) set.push(t);
      }
      const held = new Set<number>();
      const members: Draft[] = [];
      for (const t of times) {
        let placed = false;
        for (let tryNo = 0; tryNo < 40 && !placed; tryNo++) {
          const township = tryNo < 8 ? rng.pick(set) : rng.pick(tryNo < 20 ? homeCounty : byCity[city]);
          const category = type.categories.length > 1 && rng.chance(tryNo < 20 ? altShare : 0) ? type.categories[1] : type.categories[0];
          const key = cellKey(township, category);
          if (!held.has(key)) {
            if (!occ.free(key, from, to, label)) continue;
            occ.add(key, from, to, label);
            held.add(key);
            if (!set.includes(township)) set.push(township);
          }
          members.push({ label, kind, type, issue, facts, plan, township, category, t, org });
          placed = true;
        }
        if (!placed) break;
      }
      if (members.length === n) return members;
      for (const key of held) occ.remove(key, label);
    }
    return undefined;
  };

  // ---- PLACE clusters: one township, one category, different issues ---------------------------
  const placePlace = (n: number): Draft[] | undefined => {
    const label = nextLabel;
    for (let attempt = 0; attempt < 300; attempt++) {
      const category = rng.weighted(categories, categoryWeights);
      const township = rng.pick(byCity[pickCity()]);
      const spread = Math.min(SPREAD_DAYS.PLACE - 1.5, days - 2) * (0.2 + 0.8 * rng.next());
      const t0 = rng.next() * (days - 1 - spread);
      const times = memberTimes(n, spread, t0, false);
      const key = cellKey(township, category);
      if (!occ.free(key, times[0], times[n - 1], label)) continue;
      occ.add(key, times[0], times[n - 1], label);
      const types = allTypes.filter((t) => t.categories.includes(category));
      const weights = types.map((t) => t.weight);
      return times.map((t) => {
        const type = rng.weighted(types, weights);
        const { issue, facts, plan } = newIssue(type, township);
        const org = type.org && rng.chance(0.5) ? String(facts.org) : null;
        return { label, kind: 'PLACE' as const, type, issue, facts, plan, township, category, t, org };
      });
    }
    return undefined;
  };

  for (const { kind, size: n } of plan) {
    const members = kind === 'PLACE' ? placePlace(n) : placeSpread(kind, n);
    if (!members) continue; // could not fit: its petitions become singletons
    nextLabel++;
    stats.clusters[kind]++;
    stats.petitions[kind] += n;
    stats.clusterSizes.push(n);
    drafts.push(...members);
  }

  // ---- singletons ------------------------------------------------------------------------------
  while (drafts.length < size) {
    const label = nextLabel++;
    const type = rng.weighted(allTypes, allWeights);
    let city = pickCity();
    let found: { township: number; category: CategoryCode; t: number } | undefined;
    for (let attempt = 0; attempt < 60 && !found; attempt++) {
      if (attempt === 30) city = pickCity();
      const township = rng.pick(byCity[city]);
      const category = type.categories.length > 1 && rng.chance(attempt < 20 ? 0.15 : 0.5) ? type.categories[1] : type.categories[0];
      const t = officeTime(rng.next() * (days - 1));
      if (occ.free(cellKey(township, category), t, t, label)) found = { township, category, t };
    }
    if (!found) {
      stats.slotFallbacks++;
      for (const township of rng.shuffle([...geo.townships.keys()])) {
        for (const category of type.categories) {
          const t = occ.gap(cellKey(township, category), days, rng);
          if (t !== undefined) {
            found = { township, category, t };
            break;
          }
        }
        if (found) break;
      }
      if (!found) throw new Error(`corpus too dense: no free (township, ${type.categories.join('/')}) slot for a singleton`);
    }
    occ.add(cellKey(found.township, found.category), found.t, found.t, label);
    const { issue, facts, plan } = newIssue(type, found.township);
    const org = type.org && rng.chance(0.55) ? String(facts.org) : null;
    drafts.push({ label, kind: 'SINGLETON', type, issue, facts, plan, ...found, org });
    stats.petitions.SINGLETON++;
  }

  // ---- petitions ----------------------------------------------------------------------------------
  const labelName = new Map<number, string>();
  const kindPrefix: Record<ClusterKind, string> = { ORG: 'org', TEXT: 'text', PLACE: 'place', SINGLETON: 'single' };
  const petitions = drafts.map((d): CorpusPetition & { t: number } => {
    let name = labelName.get(d.label);
    if (!name) labelName.set(d.label, (name = `${kindPrefix[d.kind]}-${String(d.label).padStart(6, '0')}`));
    const nature: Nature = isAccusation(d.type) ? 'ACCUSATION' : rng.chance(d.type.suggestion ?? 0) ? 'SUGGESTION' : 'GRIEVANCE';
    if (nature === 'ACCUSATION') stats.accusations++;
    const collectiveShare = nature === 'ACCUSATION' ? 0.01 : (d.kind === 'ORG' || d.kind === 'TEXT') && d.type.shared ? 0.25 : 0.04;
    const visitKind: VisitKind = rng.chance(collectiveShare) ? 'COLLECTIVE' : 'INDIVIDUAL';
    const headcount =
      visitKind === 'COLLECTIVE' ? 5 + Math.floor(55 * Math.pow(rng.next(), 3)) : rng.weighted([1, 2, 3, 4], [70, 18, 8, 4]);
    const channel: Channel =
      visitKind === 'COLLECTIVE'
        ? rng.chance(0.85)
          ? 'VISIT'
          : 'LETTER'
        : rng.weighted<Channel>(['LETTER', 'VISIT', 'PHONE', 'ONLINE'], [17, 23, 15, 45]);
    const level = rng.weighted<Level>(['TOWNSHIP', 'COUNTY', 'CITY', 'PROVINCE', 'NATIONAL'], [38, 37, 15, 7, 3]);
    const skipShare = { TOWNSHIP: 0, COUNTY: 0.03, CITY: 0.15, PROVINCE: 0.35, NATIONAL: 0.6 }[level];
    return {
      petitionId: idRng.uuid(),
      label: name,
      text: renderText(d.type, d.facts, d.plan, rng, channel),
      categoryCode: d.category,
      regionCode: geo.townships[d.township].code,
      involvedOrganization: nature === 'ACCUSATION' ? null : d.org,
      nature,
      visitKind,
      headcount,
      level,
      skipLevel: rng.chance(skipShare),
      channel,
      registeredAt: new Date(start.getTime() + Math.round(d.t * 86400) * 1000).toISOString(),
      truth: { kind: d.kind, problem: d.type.id, issue: d.issue },
      t: d.t,
    };
  });
  petitions.sort((a, b) => a.t - b.t || (a.petitionId < b.petitionId ? -1 : 1));
  return {
    petitions: petitions.map(({ t: _t, ...p }) => p),
    geography: geo,
    stats,
  };
}

/** The city of a region code: its first 4 digits. */
export const cityOf = (regionCode: string) => regionCode.slice(0, 4);

// ---- scoring ---------------------------------------------------------------------------------

export interface PairScores {
  precision: number;
  recall: number;
  f1: number;
  /** Pairs in the same true cluster. */
  truePairs: number;
  /** Pairs in the same predicted cluster. */
  predictedPairs: number;
  /** Pairs in the same cluster on both sides. */
  correctPairs: number;
}

type Label = string | number;

/** Cluster sizes on each side and in each (true, predicted) cell, labels interned to integers. */
function contingency(truth: ArrayLike<Label>, predicted: ArrayLike<Label>) {
  if (truth.length !== predicted.length) throw new RangeError('label arrays differ in length');
  const n = truth.length;
  const tId = new Map<Label, number>();
  const pId = new Map<Label, number>();
  const tSize: number[] = [];
  const pSize: number[] = [];
  const cells = new Map<number, number>(); // tid * (n + 1) + pid → count
  for (let i = 0; i < n; i++) {
    let a = tId.get(truth[i]);
    if (a === undefined) tId.set(truth[i], (a = tSize.push(0) - 1));
    let b = pId.get(predicted[i]);
    if (b === undefined) pId.set(predicted[i], (b = pSize.push(0) - 1));
    tSize[a]++;
    pSize[b]++;
    const k = a * (n + 1) + b;
    cells.set(k, (cells.get(k) ?? 0) + 1);
  }
  return { n, tSize, pSize, cells };
}

const pairs = (n: number) => (n * (n - 1)) / 2;
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/**
 * Pairwise precision/recall of a clustering, O(n) through the contingency table: a pair of items is a
 * predicted positive when both are in one predicted cluster, a true positive when also in one true
 * cluster. With no pairs on a side, that side's score is 1 (nothing claimed, nothing missed).
 */
export function pairwiseScores(labelsTrue: ArrayLike<Label>, labelsPredicted: ArrayLike<Label>): PairScores {
  const { tSize, pSize, cells } = contingency(labelsTrue, labelsPredicted);
  let truePairs = 0;
  let predictedPairs = 0;
  let correctPairs = 0;
  for (const c of tSize) truePairs += pairs(c);
  for (const c of pSize) predictedPairs += pairs(c);
  for (const c of cells.values()) correctPairs += pairs(c);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  return { precision, recall, f1: f1(precision, recall), truePairs, predictedPairs, correctPairs };
}

/**
 * B-cubed precision/recall: per item, the share of its predicted cluster that is in its true cluster
 * (precision) and the share of its true cluster that is in its predicted cluster (recall), averaged.
 * Unlike pair counts it does not let the few biggest clusters dominate. O(n).
 */
export function bcubed(labelsTrue: ArrayLike<Label>, labelsPredicted: ArrayLike<Label>): { precision: number; recall: number; f1: number } {
  const { n, tSize, pSize, cells } = contingency(labelsTrue, labelsPredicted);
  if (n === 0) return { precision: 1, recall: 1, f1: 1 };
  let precision = 0;
  let recall = 0;
  for (const [k, c] of cells) {
    const a = Math.floor(k / (n + 1));
    const b = k - a * (n + 1);
    precision += (c * c) / pSize[b];
    recall += (c * c) / tSize[a];
  }
  precision /= n;
  recall /= n;
  return { precision, recall, f1: f1(precision, recall) };
}
