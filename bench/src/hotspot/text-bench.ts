import { contentSignature, estimateJaccard, jaccard, LSH_ROWS, lshBandKeys, SIGNATURE_SIZE, shingles } from '@petition/text';
import { msSince, out, printMachine, printPeakRss } from '../machine';
import { fmt, formatTable } from '../stats';
import { type Benchmark, type BenchOptions } from '../types';
import { bcubed, type CorpusPetition, generateCorpusDetailed, pairwiseScores, RULES } from './corpus';
import { Rng } from './rng';

// hotspot-text: how well, and how fast, the near-duplicate text rule (rule 2) finds the petitions of
// one matter, on a generated corpus with known clusters; then the three rules end to end.
//
// Text-rule truth: two signed petitions are a true pair when they belong to the same ORG or TEXT
// cluster (paraphrases of one issue). PLACE clusters are left out on purpose: their petitions are
// about different matters and only rule 3 groups them. Pairs are counted once, from the later
// petition to an earlier one in the same city within 90 days, as a streaming service sees them.

export const BENCH_SIGNATURE_KEY = 'bench-hotspot-text-signature-key';
const SEED = 20250101;
const START = new Date('2025-01-01T00:00:00+08:00');
const DAYS = 365;
const EXACT_SAMPLE = 3000;
const THRESHOLDS = [0.15, 0.175, 0.2, 0.225, 0.25, 0.275, 0.3, 0.325, 0.35];
const DAY_MS = 86_400_000;
const BANDS = SIGNATURE_SIZE / LSH_ROWS;

interface Prepared {
  petitions: CorpusPetition[];
  n: number;
  time: Float64Array;
  city: Int32Array;
  /** ORG/TEXT cluster id for the text truth; a unique negative number otherwise. */
  textLabel: Int32Array;
  problem: Int32Array;
  signed: Uint8Array;
  sigs: Array<Uint32Array | undefined>;
}

/** Counts of candidate pairs by score bin, split into same-matter and different-matter pairs. */
class Histogram {
  readonly same: Float64Array;
  readonly diff: Float64Array;
  /** Different-matter pairs of the same problem type: the hard negatives. */
  readonly diffSameType: Float64Array;

  constructor(readonly bins: number) {
    this.same = new Float64Array(bins + 1);
    this.diff = new Float64Array(bins + 1);
    this.diffSameType = new Float64Array(bins + 1);
  }

  /** Predicted positives and true positives at score ≥ threshold. */
  at(threshold: number): { predicted: number; correct: number } {
    const from = Math.ceil(threshold * this.bins - 1e-9);
    let predicted = 0;
    let correct = 0;
    for (let b = from; b <= this.bins; b++) {
      predicted += this.same[b] + this.diff[b];
      correct += this.same[b];
    }
    return { predicted, correct };
  }

  /** Score at the given quantile (0–1) of one side's distribution. */
  quantile(side: Float64Array, q: number): number {
    let total = 0;
    for (const c of side) total += c;
    let acc = 0;
    for (let b = 0; b <= this.bins; b++) {
      acc += side[b];
      if (acc >= q * total && total > 0) return b / this.bins;
    }
    return NaN;
  }

  mean(side: Float64Array): number {
    let total = 0;
    let sum = 0;
    side.forEach((c, b) => {
      total += c;
      sum += (c * b) / this.bins;
    });
    return total ? sum / total : NaN;
  }
}

function prepare(petitions: CorpusPetition[], cityCodes: string[]): Prepared {
  const n = petitions.length;
  const time = new Float64Array(n);
  const city = new Int32Array(n);
  const textLabel = new Int32Array(n);
  const problem = new Int32Array(n);
  const signed = new Uint8Array(n);
  const labelIds = new Map<string, number>();
  const problemIds = new Map<string, number>();
  petitions.forEach((p, i) => {
    time[i] = Date.parse(p.registeredAt);
    city[i] = cityCodes.indexOf(p.regionCode.slice(0, 4));
    signed[i] = p.nature === 'ACCUSATION' ? 0 : 1;
    if (p.truth.kind === 'ORG' || p.truth.kind === 'TEXT') {
      let id = labelIds.get(p.label);
      if (id === undefined) labelIds.set(p.label, (id = labelIds.size));
      textLabel[i] = id;
    } else textLabel[i] = -1 - i;
    let pid = problemIds.get(p.truth.problem);
    if (pid === undefined) problemIds.set(p.truth.problem, (pid = problemIds.size));
    problem[i] = pid;
  });
  return { petitions, n, time, city, textLabel, problem, signed, sigs: new Array(n) };
}

/** Band-key buckets per city over a sliding 90-day window (two generations of maps). */
class LshIndex {
  private current = new Map<number, number[]>();
  private previous = new Map<number, number[]>();
  private generationStart = -Infinity;
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(
    n: number,
    private readonly time: Float64Array,
    private readonly windowMs: number,
  ) {
    this.seen = new Int32Array(n);
  }

  private static key(city: number, bandKey: number): number {
    // bandKey = band × 2³² + hash (band < 64); folding the city in keeps it an exact integer.
    return city * BANDS * 0x1_0000_0000 + bandKey;
  }

  /** Earlier petitions of the same city within the window sharing a band with `keys`, each once. */
  candidates(t: number, city: number, keys: number[], outList: number[]): void {
    if (t >= this.generationStart + this.windowMs) {
      this.previous = this.current;
      this.current = new Map();
      this.generationStart = t;
    }
    const stamp = ++this.stamp;
    const from = t - this.windowMs;
    for (const k of keys) {
      const key = LshIndex.key(city, k);
      for (const bucket of [this.current.get(key), this.previous.get(key)]) {
        if (!bucket) continue;
        for (let b = bucket.length - 1; b >= 0; b--) {
          const j = bucket[b];
          if (this.time[j] < from) break; // buckets are in time order
          if (this.seen[j] !== stamp) {
            this.seen[j] = stamp;
            outList.push(j);
          }
        }
      }
    }
  }

  add(i: number, city: number, keys: number[]): void {
    for (const k of keys) {
      const key = LshIndex.key(city, k);
      const bucket = this.current.get(key);
      if (bucket) bucket.push(i);
      else this.current.set(key, [i]);
    }
  }
}

function scoreRow(h: Histogram, threshold: number, truePairs: number) {
  const { predicted, correct } = h.at(threshold);
  const precision = predicted ? correct / predicted : 1;
  const recall = truePairs ? correct / truePairs : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, predicted };
}

function normOrg(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase();
}

/** The three rules in memory, in priority order: the reference a service should match. */
function referenceClustering(d: Prepared, threshold: number): { predicted: Int32Array; joins: number[]; ms: number } {
  const { n, petitions, time, city, sigs } = d;
  const started = process.hrtime.bigint();
  const clusterOf = new Int32Array(n);
  const lastAt: number[] = [];
  const byOrg = new Map<string, number>();
  const byPlace = new Map<string, number[]>();
  const lsh = new LshIndex(n, time, RULES.textWindowDays * DAY_MS);
  const joins = [0, 0, 0, 0]; // new cluster, rule 1, rule 2, rule 3
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = petitions[i];
    const t = time[i];
    let target = -1;
    const orgKey = p.involvedOrganization ? `${p.regionCode.slice(0, 4)}|${normOrg(p.involvedOrganization)}` : undefined;
    if (orgKey !== undefined) {
      const c = byOrg.get(orgKey);
      if (c !== undefined && t - lastAt[c] <= RULES.orgWindowDays * DAY_MS) {
        target = c;
        joins[1]++;
      }
    }
    const sig = sigs[i];
    const keys = sig ? lshBandKeys(sig) : undefined;
    if (target < 0 && sig && keys) {
      candidates.length = 0;
      lsh.candidates(t, city[i], keys, candidates);
      let best = -1;
      let bestScore = threshold;
      for (const j of candidates) {
        const s = estimateJaccard(sig, sigs[j]!);
        if (s >= bestScore && (best < 0 || s > bestScore)) {
          best = j;
          bestScore = s;
        }
      }
      if (best >= 0) {
        target = clusterOf[best];
        joins[2]++;
      }
    }
    const placeKey = `${p.regionCode}|${p.categoryCode}`;
    if (target < 0) {
      let bestLast = -Infinity;
      for (const c of byPlace.get(placeKey) ?? []) {
        if (t - lastAt[c] <= RULES.placeWindowDays * DAY_MS && lastAt[c] > bestLast) {
          target = c;
          bestLast = lastAt[c];
        }
      }
      if (target >= 0) joins[3]++;
    }
    if (target < 0) {
      target = lastAt.length;
      lastAt.push(t);
      joins[0]++;
    }
    clusterOf[i] = target;
    lastAt[target] = t;
    if (orgKey !== undefined) byOrg.set(orgKey, target);
    const place = byPlace.get(placeKey);
    if (!place) byPlace.set(placeKey, [target]);
    else if (!place.includes(target)) place.push(target);
    if (sig && keys) lsh.add(i, city[i], keys);
  }
  return { predicted: clusterOf, joins, ms: msSince(started) };
}

async function run(options: BenchOptions): Promise<void> {
  const size = options.size ?? (options.quick ? 5_000 : 100_000);
  printMachine();
  const windowMs = RULES.textWindowDays * DAY_MS;

  // ---- corpus ------------------------------------------------------------------------------------
  let started = process.hrtime.bigint();
  const { petitions, geography, stats } = generateCorpusDetailed({ size, seed: SEED, start: START, days: DAYS });
  out(
    `corpus: ${size} petitions, seed ${SEED}, ${DAYS} days from ${START.toISOString()}, ` +
      `${geography.cityCodes.length} cities × ${geography.countiesPerCity} counties × ${geography.townshipsPerCounty} townships, ` +
      `generated in ${fmt(msSince(started) / 1000, 1)} s`,
  );
  out(
    `  clusters: ORG ${stats.clusters.ORG} (${stats.petitions.ORG} petitions), TEXT ${stats.clusters.TEXT} (${stats.petitions.TEXT}), ` +
      `PLACE ${stats.clusters.PLACE} (${stats.petitions.PLACE}); singletons ${stats.petitions.SINGLETON}; ` +
      `accusations ${stats.accusations}; singleton slot fallbacks ${stats.slotFallbacks}`,
  );
  const d = prepare(petitions, geography.cityCodes);

  // ---- signatures --------------------------------------------------------------------------------
  started = process.hrtime.bigint();
  let nSigned = 0;
  for (let i = 0; i < d.n; i++) {
    if (!d.signed[i]) continue;
    d.sigs[i] = contentSignature(petitions[i].text, BENCH_SIGNATURE_KEY);
    nSigned++;
  }
  const signatureMs = msSince(started);
  out(
    `signatures: ${nSigned} signed petitions (accusations carry none), keyed MinHash k=${SIGNATURE_SIZE}, ` +
      `${fmt(signatureMs / nSigned, 3)} ms/petition`,
  );

  // ---- text-rule truth ---------------------------------------------------------------------------
  const rng = new Rng(SEED ^ 0xa5a5a5a5);
  const signedIdx: number[] = [];
  for (let i = 0; i < d.n; i++) if (d.signed[i]) signedIdx.push(i);
  const sampleSize = Math.min(EXACT_SAMPLE, signedIdx.length);
  const inSample = new Uint8Array(d.n);
  for (const i of rng.shuffle([...signedIdx]).slice(0, sampleSize)) inSample[i] = 1;
  // True pairs: all same-matter pairs; sample: those whose later petition is a sampled query.
  let truePairs = 0;
  let truePairsSample = 0;
  {
    const seenCount = new Map<number, number>();
    for (const i of signedIdx) {
      const l = d.textLabel[i];
      if (l < 0) continue;
      const before = seenCount.get(l) ?? 0;
      truePairs += before;
      if (inSample[i]) truePairsSample += before;
      seenCount.set(l, before + 1);
    }
  }

  // ---- (a) LSH candidates + signature verification ----------------------------------------------
  const lshAll = new Histogram(SIGNATURE_SIZE);
  const lshSample = new Histogram(SIGNATURE_SIZE);
  const lsh = new LshIndex(d.n, d.time, windowMs);
  const candidates: number[] = [];
  let candidateCount = 0;
  started = process.hrtime.bigint();
  for (const i of signedIdx) {
    const sig = d.sigs[i]!;
    const keys = lshBandKeys(sig);
    candidates.length = 0;
    lsh.candidates(d.time[i], d.city[i], keys, candidates);
    candidateCount += candidates.length;
    for (const j of candidates) {
      const bin = Math.round(estimateJaccard(sig, d.sigs[j]!) * SIGNATURE_SIZE);
      const same = d.textLabel[i] >= 0 && d.textLabel[i] === d.textLabel[j];
      (same ? lshAll.same : lshAll.diff)[bin]++;
      if (inSample[i]) (same ? lshSample.same : lshSample.diff)[bin]++;
      if (!same && d.problem[i] === d.problem[j]) lshAll.diffSameType[bin]++;
    }
    lsh.add(i, d.city[i], keys);
  }
  const lshMs = msSince(started);

  // ---- (b) exact bigram Jaccard, all same-city pairs in the window, on a sample ------------------
  started = process.hrtime.bigint();
  const sets: Array<Set<string> | undefined> = new Array(d.n);
  for (const i of signedIdx) sets[i] = shingles(petitions[i].text);
  const shingleMs = msSince(started);
  const byCity: number[][] = geography.cityCodes.map(() => []);
  const position = new Int32Array(d.n);
  for (const i of signedIdx) position[i] = byCity[d.city[i]].push(i) - 1;
  const EXACT_BINS = 1000;
  const exact = new Histogram(EXACT_BINS);
  let exactComparisons = 0;
  started = process.hrtime.bigint();
  for (const i of signedIdx) {
    if (!inSample[i]) continue;
    const list = byCity[d.city[i]];
    const from = d.time[i] - windowMs;
    const a = sets[i]!;
    for (let k = position[i] - 1; k >= 0; k--) {
      const j = list[k];
      if (d.time[j] < from) break;
      const bin = Math.floor(jaccard(a, sets[j]!) * EXACT_BINS + 1e-9);
      exactComparisons++;
      const same = d.textLabel[i] >= 0 && d.textLabel[i] === d.textLabel[j];
      (same ? exact.same : exact.diff)[bin]++;
      if (!same && d.problem[i] === d.problem[j]) exact.diffSameType[bin]++;
    }
  }
  const exactMs = msSince(started);

  // ---- report ------------------------------------------------------------------------------------
  out();
  out(
    `text rule: pairs from a petition to earlier same-city petitions within ${RULES.textWindowDays} days; ` +
      `true pairs = same ORG/TEXT cluster (PLACE clusters excluded: different matters by design)`,
  );
  out(`  true pairs: ${truePairs} in the corpus, ${truePairsSample} with the later petition in the exact-baseline sample`);
  out(
    `  (a) LSH: ${BANDS} bands × ${LSH_ROWS} rows, buckets per city over a ${RULES.textWindowDays}-day window, ` +
      `verified by estimated Jaccard, all ${nSigned} signed petitions`,
  );
  out(
    `  (b) exact: bigram Jaccard (libs/text shingles + jaccard) against every earlier same-city petition in the window, ` +
      `for a random sample of ${sampleSize} query petitions (O(n²) over the whole corpus is out of reach)`,
  );
  out();
  const rows = THRESHOLDS.map((th) => {
    const a = scoreRow(lshAll, th, truePairs);
    const s = scoreRow(lshSample, th, truePairsSample);
    const e = scoreRow(exact, th, truePairsSample);
    return { th, a, s, e };
  });
  out(
    formatTable(
      [
        'threshold',
        'LSH P',
        'LSH R',
        'LSH F1',
        'pairs',
        'LSH P (sample)',
        'LSH R (sample)',
        'exact P (sample)',
        'exact R (sample)',
        'exact F1 (sample)',
      ],
      rows.map(({ th, a, s, e }) => [
        fmt(th, 3),
        fmt(a.precision),
        fmt(a.recall),
        fmt(a.f1),
        a.predicted,
        fmt(s.precision),
        fmt(s.recall),
        fmt(e.precision),
        fmt(e.recall),
        fmt(e.f1),
      ]),
    ),
  );
  out();
  const lshPerPetition = lshMs / nSigned;
  const exactPerPetition = exactMs / sampleSize;
  out(
    formatTable(
      ['method', 'petitions', 'prep ms/petition', 'candidates/petition', 'match ms/petition', 'match+prep ms/petition'],
      [
        [
          '(a) LSH + verify',
          nSigned,
          fmt(signatureMs / nSigned, 3) + ' (signature)',
          fmt(candidateCount / nSigned, 1),
          fmt(lshPerPetition, 4),
          fmt(lshPerPetition + signatureMs / nSigned, 4),
        ],
        [
          '(b) exact Jaccard',
          sampleSize,
          fmt(shingleMs / signedIdx.length, 3) + ' (shingles)',
          fmt(exactComparisons / sampleSize, 1),
          fmt(exactPerPetition, 4),
          fmt(exactPerPetition + shingleMs / signedIdx.length, 4),
        ],
      ],
    ),
  );
  out(
    `  ratio LSH / exact: matching ${fmt(lshPerPetition / exactPerPetition, 4)}, ` +
      `matching + prep ${fmt((lshPerPetition + signatureMs / nSigned) / (exactPerPetition + shingleMs / signedIdx.length), 4)}`,
  );
  out(
    `  score distributions (exact, sample): same matter mean ${fmt(exact.mean(exact.same))} p10 ${fmt(exact.quantile(exact.same, 0.1))} ` +
      `p50 ${fmt(exact.quantile(exact.same, 0.5))}; different matter, same problem type mean ${fmt(exact.mean(exact.diffSameType))} ` +
      `p90 ${fmt(exact.quantile(exact.diffSameType, 0.9))} p99 ${fmt(exact.quantile(exact.diffSameType, 0.99))}; ` +
      `all different mean ${fmt(exact.mean(exact.diff))}`,
  );
  const best = rows.reduce((x, y) => (y.a.f1 > x.a.f1 ? y : x));
  out();
  out(
    `recommended threshold (best LSH pair F1): ${fmt(best.th, 3)} ` +
      `(P ${fmt(best.a.precision)}, R ${fmt(best.a.recall)}, F1 ${fmt(best.a.f1)})`,
  );

  // ---- the three rules end to end ----------------------------------------------------------------
  const ref = referenceClustering(d, best.th);
  const truth = petitions.map((p) => p.label);
  const pw = pairwiseScores(truth, ref.predicted);
  const b3 = bcubed(truth, ref.predicted);
  const trueClusters = new Set(truth).size;
  out();
  out(
    `reference clustering (rules 1→2→3 in memory, text threshold ${fmt(best.th, 3)}, all ${d.n} petitions): ` +
      `${ref.joins[0]} clusters predicted vs ${trueClusters} true; joins by rule 1 ${ref.joins[1]}, rule 2 ${ref.joins[2]}, rule 3 ${ref.joins[3]}; ` +
      `${fmt(ref.ms / d.n, 4)} ms/petition`,
  );
  out(
    formatTable(
      ['measure', 'precision', 'recall', 'F1'],
      [
        ['pairwise', fmt(pw.precision), fmt(pw.recall), fmt(pw.f1)],
        ['B-cubed', fmt(b3.precision), fmt(b3.recall), fmt(b3.f1)],
      ],
    ),
  );
  out(`  pairs: ${pw.truePairs} true, ${pw.predictedPairs} predicted, ${pw.correctPairs} correct`);
  // Recall by cluster kind: which rule is missing pairs.
  const kindRows = (['ORG', 'TEXT', 'PLACE'] as const).map((kind) => {
    const idx = petitions.flatMap((p, i) => (p.truth.kind === kind ? [i] : []));
    const s = pairwiseScores(
      idx.map((i) => truth[i]),
      idx.map((i) => ref.predicted[i]),
    );
    return [kind, fmt(s.recall), s.truePairs] as Array<string | number>;
  });
  out(formatTable(['cluster kind', 'pair recall', 'true pairs'], kindRows));
  out();
  printPeakRss();
}

export const hotspotText: Benchmark = {
  name: 'hotspot-text',
  description: 'near-duplicate text rule on a labelled petition corpus: LSH vs exact Jaccard, threshold, 3-rule reference clustering',
  run,
};
