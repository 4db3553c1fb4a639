import { shingles } from './similarity';

// Near-duplicate text for the duplicate check (判重), weighted by how rare each character bigram is
// among the stored petitions. Petitions of one kind share a template ("强制学生购买兴趣班，每个学生收…
// 元。要求退还多收的钱"): plain bigram overlap rates two different schools' fees as the same matter.
// What tells one matter from another is its rare bigrams: the names of the school, the estate, the
// company. Each bigram weighs idf^RARITY_POWER, and the score is the mean of the two weighted
// containments (how much of A's weight is in B, and of B's in A). Measured on the generated
// corpus (bench `duplicate-check`): see docs/performance.md.

/** Bigram keys of a text: 32-bit FNV-1a of each normalised bigram, distinct, ascending (int4 in SQL). */
export function bigramKeys(text: string): number[] {
  const out = new Set<number>();
  for (const sh of shingles(text)) {
    let h = 0x811c9dc5;
    for (let i = 0; i < sh.length; i++) {
      h ^= sh.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    out.add(h | 0);
  }
  return [...out].sort((a, b) => a - b);
}

/** The weight of a bigram grows with idf to this power: names dominate the shared template. */
export const RARITY_POWER = 6;
/**
 * Rarity is counted as if at least this many petitions were stored: in a young store every bigram is
 * rare, so the weights stay nearly equal (plain containment) until there is enough text to tell a
 * template from a name.
 */
export const RARITY_MIN_DOCUMENTS = 10_000;
/**
 * Added to every count: a bigram held by 1 or 3 petitions is equally rare. Without it the bigrams two
 * texts share (held by both) weigh less than those they do not, and in a small store that alone
 * pulls a true paraphrase under the threshold.
 */
export const RARITY_PRIOR_COUNT = 10;
/** SIMILAR_TEXT at or above this score (the bench's cut: recall ≥ 0.98 at ≤ 2 % false positives). */
export const RARE_TEXT_THRESHOLD = 0.4;

export type DocumentFrequency = (key: number) => number;

/** Weight of a bigram seen in `df` of `documents` stored petitions. */
export function rarityWeight(df: number, documents: number): number {
  const n = Math.max(documents, RARITY_MIN_DOCUMENTS);
  return Math.log((n + RARITY_PRIOR_COUNT) / (Math.max(0, df) + RARITY_PRIOR_COUNT)) ** RARITY_POWER;
}

/** Each key's weight under these counts, computed once per key (a check weighs thousands of keys). */
export function rarityWeigher(df: DocumentFrequency, documents: number): (key: number) => number {
  const memo = new Map<number, number>();
  return (key) => {
    let w = memo.get(key);
    if (w === undefined) memo.set(key, (w = rarityWeight(df(key), documents)));
    return w;
  };
}

/** Mean weighted containment of two texts' bigram keys (ascending, distinct), 0..1. */
export function raritySimilarity(a: readonly number[], b: readonly number[], weight: (key: number) => number): number {
  if (a.length === 0 || b.length === 0) return 0;
  let wa = 0;
  let wb = 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  // Both ascending: one merge pass.
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) wa += weight(a[i++]);
    else if (i >= a.length || b[j] < a[i]) wb += weight(b[j++]);
    else {
      const w = weight(a[i]);
      wa += w;
      wb += w;
      shared += w;
      i++;
      j++;
    }
  }
  if (wa === 0 || wb === 0) return 0;
  return (shared / wa + shared / wb) / 2;
}

/** The `count` rarest keys (ties by key), the ones a same-matter text must share. */
export function rarestKeys(keys: readonly number[], df: DocumentFrequency, count: number): number[] {
  return [...keys].sort((x, y) => df(x) - df(y) || x - y).slice(0, count);
}
