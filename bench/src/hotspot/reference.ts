import type { HotspotConfig } from '@petition/hotspot-screening';
import { bestTextMatch, DEFAULT_HOTSPOT_CONFIG, normalizeOrganization, parseHotspotConfig, textWeights } from '@petition/hotspot-screening';
import { contentSignature, isEmptySignature, lshBandKeys, signatureBigrams } from '@petition/text';

import { msSince, out, printMachine, printPeakRss } from '../machine';
import { fmt, formatTable } from '../stats';
import type { Benchmark, BenchOptions } from '../types';
import type { CorpusPetition } from './corpus';
import { bcubed, generateCorpus, pairwiseScores } from './corpus';

const DAY = 86_400_000;
const KEY = 'bench-hotspot-reference-signature-key';

/**
 * The service's join rules in memory, with the service's own functions (normalizeOrganization,
 * lshBandKeys, signatureBigrams, bestTextMatch), in the same order as the projector: repeat →
 * organisation → similar text → township and category → new hotspot. Returns a hotspot per petition.
 */
export function referenceClustering(corpus: CorpusPetition[], config: HotspotConfig): string[] {
  const hotspotOf: string[] = new Array(corpus.length);
  const lastByOrg = new Map<string, number>();
  const lastByPlace = new Map<string, number>();
  const bandIndex = new Map<string, Map<number, number[]>>();
  const bands: Array<Set<number> | null> = new Array(corpus.length).fill(null);
  const bigrams: Array<number[] | null> = new Array(corpus.length).fill(null);
  const time = corpus.map((p) => Date.parse(p.registeredAt));
  const df = new Map<number, number>();
  let signed = 0;
  for (let i = 0; i < corpus.length; i++) {
    const p = corpus[i];
    const t = time[i];
    const city = p.regionCode.slice(0, 4);
    let target: string | null = null;
    const org = p.nature === 'ACCUSATION' ? null : normalizeOrganization(p.involvedOrganization);
    const orgKey = org ? `${city}|${org}` : null;
    if (orgKey) {
      const j = lastByOrg.get(orgKey);
      if (j !== undefined && t - time[j] <= config.organizationWindowDays * DAY) target = hotspotOf[j];
    }
    const sig = p.nature === 'ACCUSATION' ? null : contentSignature(p.text, KEY);
    const signedHere = sig && !isEmptySignature(sig);
    if (signedHere) {
      bands[i] = new Set(lshBandKeys(sig));
      bigrams[i] = signatureBigrams(sig);
    }
    const weights = signedHere ? textWeights(config, bigrams[i]!, (id) => df.get(id) ?? 0, signed) : null;
    let index = bandIndex.get(city);
    if (!index) bandIndex.set(city, (index = new Map()));
    if (!target && weights && bigrams[i]!.length) {
      const shared = new Map<number, number>();
      for (const key of bands[i]!) {
        for (const j of index.get(key) ?? []) {
          if (t - time[j] <= config.textWindowDays * DAY) shared.set(j, (shared.get(j) ?? 0) + 1);
        }
      }
      const candidates = [...shared]
        .filter(([, n]) => n >= config.textMinBands)
        .map(([j]) => ({
          hotspotId: hotspotOf[j],
          registeredAt: new Date(time[j]),
          bigrams: bigrams[j]!,
          weight: textWeights(config, bigrams[j]!, (id) => df.get(id) ?? 0, signed).total,
        }));
      const match = bestTextMatch(config, weights, candidates);
      if (match) target = match.hotspotId;
    }
    const placeKey = `${p.regionCode}|${p.categoryCode}`;
    if (!target && p.regionCode.length === 9) {
      const j = lastByPlace.get(placeKey);
      if (j !== undefined && t - time[j] <= config.placeWindowDays * DAY) target = hotspotOf[j];
    }
    hotspotOf[i] = target ?? p.petitionId;
    if (orgKey) lastByOrg.set(orgKey, i);
    if (p.regionCode.length === 9) lastByPlace.set(placeKey, i);
    if (signedHere) {
      for (const key of bands[i]!) {
        let list = index.get(key);
        if (!list) index.set(key, (list = []));
        list.push(i);
      }
      for (const id of bigrams[i]!) df.set(id, (df.get(id) ?? 0) + 1);
      signed += 1;
    }
  }
  return hotspotOf;
}

async function run(options: BenchOptions) {
  const size = options.size ?? (options.quick ? 5_000 : 100_000);
  printMachine();
  const config = process.env.HOTSPOT_CONFIG ? parseHotspotConfig(process.env.HOTSPOT_CONFIG) : DEFAULT_HOTSPOT_CONFIG;
  const corpus = generateCorpus({ size, seed: 7, start: new Date('2025-01-01T00:00:00Z'), days: 365 });
  const truth = corpus.map((p) => p.label);
  const rows: Array<Array<string | number>> = [];
  const variants: Array<[string, HotspotConfig]> = [
    ['service rules (default config)', config],
    ['plain Jaccard, no support rule (baseline)', { ...config, textWeightPower: 0, textSupport: 0, textMinBands: 1, textThreshold: 0.3 }],
  ];
  for (const [name, c] of variants) {
    const t = process.hrtime.bigint();
    const predicted = referenceClustering(corpus, c);
    const ms = msSince(t);
    const pair = pairwiseScores(truth, predicted);
    const b3 = bcubed(truth, predicted);
    const sizes = new Map<string, number>();
    for (const h of predicted) sizes.set(h, (sizes.get(h) ?? 0) + 1);
    rows.push([
      name,
      fmt(pair.precision),
      fmt(pair.recall),
      fmt(b3.precision),
      fmt(b3.recall),
      Math.max(...sizes.values()),
      fmt(ms / size, 3),
    ]);
  }
  out(`corpus: ${size} petitions (seed 7), ${new Set(truth).size} true clusters, largest ${Math.max(...[...countBy(truth).values()])}`);
  out(formatTable(['in-memory clustering', 'pair P', 'pair R', 'B³ P', 'B³ R', 'largest', 'ms/petition'], rows));
  out('goal: precision and recall ≥ 0.95');
  printPeakRss();
}

function countBy(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

export const hotspotReference: Benchmark = {
  name: 'hotspot-reference',
  description: "the service's join rules in memory on the labelled corpus: clustering P/R, against plain Jaccard",
  run,
};
