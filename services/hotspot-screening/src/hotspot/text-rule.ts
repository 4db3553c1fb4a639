import type { DocumentCount } from '@petition/text';
import { candidateKeys, countedBases, matchMatter, matterWeigher, termBase } from '@petition/text';

import type { HotspotConfig } from './rules';

// The SIMILAR_TEXT rule on matter keys (libs/text `matterKeys`, sent by intake in
// `intake.petition.registered`, keyed with CONTENT_SIGNATURE_KEY): candidates are earlier petitions
// of the same city within the window holding one of the query's identifying or rarest keys, ranked
// by how many of those keys they share; each is scored with the duplicate check's matcher
// (`matchMatter`, its own tuning); the hotspot of the best-scoring candidate at or above
// `textThreshold` is joined. Pure functions: the projector and the bench's in-memory reference
// both call them.

/** Candidates scored per petition: the ones sharing the most lookup keys. */
export const TEXT_CANDIDATE_LIMIT = 200;

/** The df table's row that counts the petitions with keys (a term base has its low 3 bits clear: never -1). */
export const DOCUMENTS_ROW = -1;

export { countedBases, termBase };

/**
 * Document counts as the matcher asks for them: it weighs each term by its base (the same sound as
 * a SOUND, a NAME or an AREA is one term), so the df table counts bases and any key reads its base.
 */
export function baseCounts(counts: ReadonlyMap<number, number>): DocumentCount {
  return (key) => counts.get(termBase(key)) ?? 0;
}

/**
 * An event's `matterKeys` as the matcher needs them: distinct 32-bit integers, ascending; null when
 * absent, empty or malformed (a malformed list only costs the text rule for that petition).
 */
export function normalizeMatterKeys(raw: readonly number[] | null | undefined): number[] | null {
  if (!raw || raw.length === 0) return null;
  if (raw.some((k) => !Number.isInteger(k) || k < -2147483648 || k > 2147483647)) return null;
  return [...new Set(raw)].sort((a, b) => a - b);
}

/** The keys to look candidates up by, under the counts of the petitions before this one. */
export function textLookupKeys(keys: readonly number[], df: DocumentCount, documents: number): number[] {
  return candidateKeys(keys, df, documents);
}

export type Weigher = ReturnType<typeof matterWeigher>;

/** The matcher's weights under the service's counts. */
export function textWeigher(df: DocumentCount, documents: number): Weigher {
  return matterWeigher(df, documents);
}

export interface TextCandidate {
  hotspotId: string;
  registeredAt: Date;
  /** The candidate's matter keys (distinct, ascending). */
  keys: readonly number[];
}

/** A candidate's hotspot, time and score. */
export interface ScoredCandidate {
  hotspotId: string;
  registeredAt: Date;
  score: number;
}

/** Every candidate scored against the petition with the matter matcher. */
export function scoreCandidates(keys: readonly number[], candidates: readonly TextCandidate[], weigher: Weigher): ScoredCandidate[] {
  return candidates.map((c) => ({
    hotspotId: c.hotspotId,
    registeredAt: c.registeredAt,
    score: keys.length ? matchMatter(keys, c.keys, weigher).score : 0,
  }));
}

/**
 * The text rule's choice among scored candidates, grouped by hotspot: a hotspot is joined through
 * its best-scoring candidate at or above `textThreshold`, unless two or more of its petitions are
 * candidates and the second best scores below `textSupport` (one lookalike in a larger cluster is
 * how unrelated matters chain together). Ties go to the hotspot with the latest candidate.
 */
export function chooseTextMatch(
  config: Pick<HotspotConfig, 'textThreshold' | 'textSupport'>,
  scored: readonly ScoredCandidate[],
): { hotspotId: string; similarity: number } | null {
  const byHotspot = new Map<string, { best: number; second: number; count: number; latest: number }>();
  for (const c of scored) {
    const e = byHotspot.get(c.hotspotId) ?? { best: -1, second: -1, count: 0, latest: 0 };
    if (c.score > e.best) {
      e.second = e.best;
      e.best = c.score;
    } else if (c.score > e.second) e.second = c.score;
    e.count += 1;
    e.latest = Math.max(e.latest, c.registeredAt.getTime());
    byHotspot.set(c.hotspotId, e);
  }
  let chosen: { hotspotId: string; similarity: number; latest: number } | null = null;
  for (const [hotspotId, e] of byHotspot) {
    if (e.best < config.textThreshold) continue;
    if (e.count >= 2 && e.second < config.textSupport) continue;
    if (!chosen || e.best > chosen.similarity || (e.best === chosen.similarity && e.latest > chosen.latest)) {
      chosen = { hotspotId, similarity: e.best, latest: e.latest };
    }
  }
  return chosen ? { hotspotId: chosen.hotspotId, similarity: chosen.similarity } : null;
}

/** The text rule: the candidates scored (`scoreCandidates`), then the hotspot to join (`chooseTextMatch`). */
export function bestMatterMatch(
  config: Pick<HotspotConfig, 'textThreshold' | 'textSupport'>,
  keys: readonly number[],
  candidates: readonly TextCandidate[],
  weigher: Weigher,
): { hotspotId: string; similarity: number } | null {
  if (keys.length === 0) return null;
  return chooseTextMatch(config, scoreCandidates(keys, candidates, weigher));
}
