import { keyKind, keySlot, termBase } from './keys';
import { EXACT_SLOTS, type SpecificSlot } from './specifics';

// Whether two petitions raise the same matter, from their keys alone (keys.ts), so intake and the
// hotspot service decide alike. The evidence is what an experienced clerk weighs, as features:
// - identity: names of villages, estates and organisations both texts hold (a letter that only says
//   李家湾 meets a summary's 李家湾村), terms rare enough to name one matter, and two texts that both
//   name places or organisations but share none;
// - the topic: how much of the shorter text's wording (sounds and words, weighted by rarity) the
//   other holds, names left out, and the subjects and complaints of the lexicon they share or not;
// - specifics: a shared year, amount or headcount is evidence for; one that cannot be the same
//   (2021 against 2022, 5号楼 against 12号楼, 95万 against 3万) is evidence against.
// The score is a logistic model of those features, its weights fitted on the hand-labelled corpus
// (libs/text/test/corpus; `npm run fit -w @petition/text`) and frozen here.

export const MATCH_FEATURES = [
  'bias',
  'nameShared',
  'hasName',
  'nameConflict',
  'areaShared',
  'areaConflict',
  'wordsShared',
  'topicShorter',
  'topicLonger',
  'topicShared',
  'conceptsShared',
  'conceptsDiffer',
  'specificsAgree',
  'exactConflicts',
  'amountConflicts',
  'rareShared',
  'rare2',
  'rare4',
  'commonShorter',
  'rareShorter',
] as const;
export type MatchFeature = (typeof MATCH_FEATURES)[number];

export interface MatchTuning {
  /** Rarity: idf = ln((n + 1) / (df + 1)), n at least minDocuments. */
  minDocuments: number;
  /** A term held by at most `rareMinimum` other petitions (or this share of them, if more) is rare: it names one matter. */
  rareShare: number;
  rareMinimum: number;
  /** Logistic weights of the features. */
  weights: Record<MatchFeature, number>;
  /** SIMILAR_TEXT at or above this score. */
  threshold: number;
}

export const MATCH_TUNING: MatchTuning = {
  minDocuments: 1000,
  rareShare: 0,
  rareMinimum: 5,
  weights: {
    bias: -2.82,
    nameShared: 1.13,
    hasName: 1.29,
    nameConflict: -1.81,
    areaShared: 1.2,
    areaConflict: -0.84,
    wordsShared: 0.22,
    topicShorter: 0.85,
    topicLonger: 0.04,
    topicShared: 0.68,
    conceptsShared: 0.66,
    conceptsDiffer: -0.53,
    specificsAgree: 1.18,
    exactConflicts: -1,
    amountConflicts: -0.85,
    rareShared: 1.42,
    rare2: 0.66,
    rare4: 0.5,
    commonShorter: 1.39,
    rareShorter: 0.67,
  },
  // Best F1 of the duplicate check on the corpus (test/matter-corpus.spec.ts prints the figures).
  threshold: 0.95,
};

/** How many stored petitions hold a term base (`termBase`; `countedBases` says what a petition adds). */
export type DocumentCount = (base: number) => number;

/** Rarity of each key under the counts of the stored petitions (memoised per key). */
export interface Weigher {
  df: DocumentCount;
  /** idf of the key, from 0 (every petition holds it) to 1 (none does). */
  idf(key: number): number;
  /** The largest count at which a key is rare. */
  rareDf: number;
}

export function matterWeigher(df: DocumentCount, documents: number, tuning: MatchTuning = MATCH_TUNING): Weigher {
  const n = Math.max(documents, tuning.minDocuments);
  const memo = new Map<number, number>();
  return {
    df,
    rareDf: Math.max(tuning.rareMinimum, Math.floor(documents * tuning.rareShare)),
    idf(key) {
      let w = memo.get(key);
      // Relative to the rarest possible (a term no other petition holds): the features mean the same
      // in a store of a thousand petitions and of a million.
      if (w === undefined) memo.set(key, (w = Math.max(0, Math.log((n + 1) / (Math.max(0, df(key)) + 1))) / Math.log(n + 1)));
      return w;
    },
  };
}

const SOUND = 1;
const WORD = 2;
const CONCEPT = 4;
const NAME = 8;
const AREA = 16;
const BIT: Record<string, number> = { SOUND, WORD, CONCEPT, NAME, AREA, SPECIFIC: 0 };
const SOUND_SPACE = SOUND | NAME | AREA;

type Terms = { terms: Map<number, number>; slots: Map<SpecificSlot, Set<number>>; names: number[]; areas: number[] };
// A query is compared with hundreds of candidates: its terms are read once.
const prepared = new WeakMap<readonly number[], Terms>();

/** A text's terms by base (termBase), with the kinds it holds each as. */
function termsOf(keys: readonly number[]): Terms {
  const cached = prepared.get(keys);
  if (cached) return cached;
  const terms = new Map<number, number>();
  const slots = new Map<SpecificSlot, Set<number>>();
  for (const key of keys) {
    const kind = keyKind(key);
    if (kind === 'SPECIFIC') {
      const slot = keySlot(key);
      let s = slots.get(slot);
      if (!s) slots.set(slot, (s = new Set()));
      s.add(key);
      continue;
    }
    const base = termBase(key);
    terms.set(base, (terms.get(base) ?? 0) | BIT[kind]);
  }
  const names: number[] = [];
  const areas: number[] = [];
  for (const [base, mask] of terms) {
    if (mask & NAME) names.push(base);
    if (mask & AREA) areas.push(base);
  }
  const out = { terms, slots, names, areas };
  prepared.set(keys, out);
  return out;
}

export interface MatterMatch {
  score: number;
  features: Record<MatchFeature, number>;
  /** Slots both texts fill with agreeing values. */
  agreeing: SpecificSlot[];
  /** Slots both texts fill with values that cannot agree. */
  conflicts: SpecificSlot[];
}

interface Totals {
  topic: number;
  common: number;
  rare: number;
  concepts: number;
}

/** The features of two matters' keys (distinct, ascending). */
export function matchFeatures(a: readonly number[], b: readonly number[], w: Weigher) {
  const A = termsOf(a);
  const B = termsOf(b);
  // Bases either text holds as a name (or as an area only).
  const names = new Set([...A.names, ...B.names]);
  const areas = new Set([...A.areas, ...B.areas].filter((base) => !names.has(base)));
  const totals = (side: typeof A): Totals => {
    const t: Totals = { topic: 0, common: 0, rare: 0, concepts: 0 };
    for (const [base, mask] of side.terms) {
      if (mask & CONCEPT) t.concepts++;
      const sound = mask & SOUND_SPACE;
      if ((sound && !names.has(base) && !areas.has(base)) || mask & WORD) t.topic += w.idf(base);
      if (sound || mask & WORD) {
        if (w.df(base) <= w.rareDf) t.rare++;
        else t.common += w.idf(base) ** 4;
      }
    }
    return t;
  };
  const tA = totals(A);
  const tB = totals(B);
  let nameShared = 0;
  let areaShared = 0;
  let words = 0;
  let topic = 0;
  let concepts = 0;
  let rare = 0;
  let common = 0;
  for (const [base, maskA] of A.terms) {
    const maskB = B.terms.get(base);
    if (maskB === undefined) continue;
    const idf = w.idf(base);
    if (maskA & CONCEPT && maskB & CONCEPT) concepts++;
    const sound = maskA & SOUND_SPACE && maskB & SOUND_SPACE;
    const word = maskA & WORD && maskB & WORD;
    if (sound && names.has(base)) nameShared += idf;
    else if (sound && areas.has(base)) areaShared += idf;
    else if (sound) topic += idf;
    if (word) {
      words += idf;
      topic += idf;
    }
    if (sound || word) {
      if (w.df(base) <= w.rareDf) rare++;
      else common += idf ** 4;
    }
  }
  // Both texts name places (or areas) and neither names one the other holds, even only as sounds.
  const conflict = (of: (side: Terms) => number[], bases: Set<number>) => {
    const mine = of(A).filter((base) => bases.has(base));
    const theirs = of(B).filter((base) => bases.has(base));
    const meets = (list: number[], other: Terms) => list.some((base) => (other.terms.get(base) ?? 0) & SOUND_SPACE);
    return mine.length && theirs.length && !meets(mine, B) && !meets(theirs, A) ? 1 : 0;
  };
  const agreeing: SpecificSlot[] = [];
  const conflicts: SpecificSlot[] = [];
  for (const [slot, values] of A.slots) {
    const other = B.slots.get(slot);
    if (!other) continue;
    if ([...values].some((v) => other.has(v))) agreeing.push(slot);
    else conflicts.push(slot);
  }
  const ratio = (x: number, y: number) => (y > 0 ? x / y : 0);
  const features: Record<MatchFeature, number> = {
    bias: 1,
    nameShared: Math.min(nameShared, 3) / 1.5,
    hasName: nameShared > 0 ? 1 : 0,
    nameConflict: conflict((t) => t.names, names),
    areaShared: Math.min(areaShared, 3) / 1.5,
    areaConflict: conflict((t) => t.areas, areas),
    wordsShared: Math.log1p(words),
    topicShorter: ratio(topic, Math.min(tA.topic, tB.topic)),
    topicLonger: ratio(topic, Math.max(tA.topic, tB.topic)),
    topicShared: Math.log1p(topic),
    conceptsShared: concepts,
    conceptsDiffer: tA.concepts + tB.concepts - 2 * concepts,
    specificsAgree: agreeing.length,
    exactConflicts: conflicts.filter((s) => EXACT_SLOTS.has(s)).length,
    amountConflicts: conflicts.filter((s) => !EXACT_SLOTS.has(s)).length,
    rareShared: Math.log1p(rare),
    rare2: rare >= 2 ? 1 : 0,
    rare4: rare >= 4 ? 1 : 0,
    commonShorter: ratio(common, Math.min(tA.common, tB.common)),
    rareShorter: ratio(rare, Math.min(tA.rare, tB.rare)),
  };
  return { features, agreeing, conflicts, empty: tA.topic + tA.rare <= 0 || tB.topic + tB.rare <= 0 };
}

/** The logistic score of a set of features. */
export function matchScore(features: Record<MatchFeature, number>, tuning: MatchTuning = MATCH_TUNING): number {
  let z = 0;
  for (const f of MATCH_FEATURES) z += tuning.weights[f] * features[f];
  return 1 / (1 + Math.exp(-z));
}

/** Two matters' keys (distinct, ascending) compared: a score from 0 to 1 and its evidence. */
export function matchMatter(a: readonly number[], b: readonly number[], w: Weigher, tuning: MatchTuning = MATCH_TUNING): MatterMatch {
  const { features, agreeing, conflicts, empty } = matchFeatures(a, b, w);
  return { score: empty ? 0 : matchScore(features, tuning), features, agreeing, conflicts };
}
