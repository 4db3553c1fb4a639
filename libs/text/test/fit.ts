import {
  candidateKeys,
  MATCH_FEATURES,
  matchFeatures,
  MATCH_TUNING,
  matterWeigher,
  othersOnly,
  type MatchFeature,
  type MatchTuning,
} from '../src';
import type { CorpusText } from '../src';
import { indexCorpus } from './evaluate';

// Fits the matcher's logistic weights on labelled candidate pairs of the corpus (every text
// checked against the others, as intake does): L2-regularised logistic regression by gradient
// descent. Used by `npm run fit -w @petition/text`; the weights it prints are frozen in match.ts.

export interface PairSample {
  i: number;
  j: number;
  same: boolean;
  x: number[];
}

export function candidatePairs(corpus: readonly CorpusText[], tuning: MatchTuning = MATCH_TUNING, candidateLimit = 300): PairSample[] {
  const { keys, postings, df } = indexCorpus(corpus);
  const out: PairSample[] = [];
  corpus.forEach((t, i) => {
    const others = othersOnly(df, keys[i]);
    const shared = new Map<number, number>();
    for (const k of candidateKeys(keys[i], others, corpus.length - 1))
      for (const j of postings.get(k) ?? []) if (j !== i) shared.set(j, (shared.get(j) ?? 0) + 1);
    const weight = matterWeigher(others, corpus.length - 1, tuning);
    for (const [j] of [...shared].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, candidateLimit)) {
      const { features } = matchFeatures(keys[i], keys[j], weight);
      out.push({ i, j, same: corpus[j].group === t.group, x: MATCH_FEATURES.map((f) => features[f]) });
    }
  });
  return out;
}

/** Solves M x = v (Gaussian elimination with partial pivoting; M is small and positive definite). */
function solve(M: number[][], v: number[]): number[] {
  const n = v.length;
  const a = M.map((row, i) => [...row, v[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r][n];
    for (let k = r + 1; k < n; k++) s -= a[r][k] * x[k];
    x[r] = s / a[r][r];
  }
  return x;
}

/**
 * Logistic regression by Newton's method (IRLS), L2-regularised, the classes weighted equally
 * (different-matter candidates far outnumber the same-matter ones).
 */
export function fitWeights(samples: readonly PairSample[], l2 = 1e-3, iterations = 25): Record<MatchFeature, number> {
  const d = MATCH_FEATURES.length;
  let w = new Array(d).fill(0);
  const n = samples.length;
  const pos = samples.filter((s) => s.same).length;
  const cw = (s: PairSample) => (s.same ? n / (2 * pos) : n / (2 * (n - pos)));
  for (let it = 0; it < iterations; it++) {
    const g = new Array(d).fill(0);
    const H = Array.from({ length: d }, () => new Array(d).fill(0));
    for (const s of samples) {
      let z = 0;
      for (let k = 0; k < d; k++) z += w[k] * s.x[k];
      const p = 1 / (1 + Math.exp(-z));
      const c = cw(s);
      const err = (p - (s.same ? 1 : 0)) * c;
      const h = c * p * (1 - p);
      for (let k = 0; k < d; k++) {
        g[k] += err * s.x[k];
        for (let m = k; m < d; m++) H[k][m] += h * s.x[k] * s.x[m];
      }
    }
    for (let k = 0; k < d; k++) {
      for (let m = 0; m < k; m++) H[k][m] = H[m][k];
      g[k] += l2 * n * w[k];
      H[k][k] += l2 * n;
    }
    const step = solve(H, g);
    w = w.map((x, k) => x - step[k]);
  }
  return Object.fromEntries(MATCH_FEATURES.map((f, k) => [f, Math.round(w[k] * 100) / 100])) as Record<MatchFeature, number>;
}
