import {
  candidateKeys,
  countedBases,
  extractMatter,
  matchMatter,
  MATCH_TUNING,
  matterKeys,
  matterWeigher,
  othersOnly,
  type MatchTuning,
} from '../src';
import type { CorpusText } from '../src';
import { samePairs } from '../src';

// The duplicate check over the corpus in memory, as intake runs it: every text stored, then each
// checked against the others (candidates by names and rare keys, scored by the matcher, the best
// `limit` flagged at or above the threshold). Mirrors the SQL of services/intake's DuplicateService.

export interface Evaluation {
  pairs: number;
  found: number;
  flagged: number;
  wrong: number;
  recall: number;
  falsePositiveRate: number;
  misses: Array<{ a: string; b: string; score: number }>;
  falsePositives: Array<{ a: string; b: string; score: number }>;
}

/** Every text's keys, who holds each key, and the counts per term base, as intake keeps them. */
export function indexCorpus(corpus: readonly CorpusText[]) {
  const keys = corpus.map((t) => matterKeys(extractMatter(`${t.summary} ${t.demands}`)));
  const counts = new Map<number, number>();
  const postings = new Map<number, number[]>();
  keys.forEach((ks, i) => {
    for (const b of countedBases(ks)) counts.set(b, (counts.get(b) ?? 0) + 1);
    for (const k of ks) {
      let p = postings.get(k);
      if (!p) postings.set(k, (p = []));
      p.push(i);
    }
  });
  return { keys, postings, df: (base: number) => counts.get(base) ?? 0 };
}

export function evaluateCorpus(
  corpus: readonly CorpusText[],
  tuning: MatchTuning = MATCH_TUNING,
  limit = 10,
  candidateLimit = 300,
): Evaluation {
  const { keys, postings, df } = indexCorpus(corpus);
  const documents = corpus.length - 1;
  let found = 0;
  let flagged = 0;
  let wrong = 0;
  const misses: Evaluation['misses'] = [];
  const falsePositives: Evaluation['falsePositives'] = [];
  corpus.forEach((t, i) => {
    const own = keys[i];
    const others = othersOnly(df, own);
    const shared = new Map<number, number>();
    for (const k of candidateKeys(keys[i], others, documents))
      for (const j of postings.get(k) ?? []) if (j !== i) shared.set(j, (shared.get(j) ?? 0) + 1);
    const candidates = [...shared]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, candidateLimit)
      .map(([j]) => j);
    const weight = matterWeigher(others, documents, tuning);
    const scored = candidates.map((j) => ({ j, score: matchMatter(keys[i], keys[j], weight, tuning).score }));
    const hits = scored
      .filter((s) => s.score >= tuning.threshold)
      .sort((x, y) => y.score - x.score)
      .slice(0, limit);
    const hitSet = new Set(hits.map((h) => h.j));
    for (const h of hits) {
      flagged++;
      if (corpus[h.j].group === t.group) found++;
      else {
        wrong++;
        falsePositives.push({ a: t.id, b: corpus[h.j].id, score: h.score });
      }
    }
    corpus.forEach((u, j) => {
      if (j !== i && u.group === t.group && !hitSet.has(j)) {
        const s = scored.find((x) => x.j === j)?.score ?? -1;
        misses.push({ a: t.id, b: u.id, score: s });
      }
    });
  });
  const pairs = samePairs(corpus);
  return { pairs, found, flagged, wrong, recall: found / pairs, falsePositiveRate: flagged ? wrong / flagged : 0, misses, falsePositives };
}
