import type { HotspotConfig } from '@petition/hotspot-screening';
import { DEFAULT_HOTSPOT_CONFIG, parseHotspotConfig } from '@petition/hotspot-screening';
import { extractMatter, loadCorpus, matterKeys } from '@petition/text';

import { out, printMachine, printPeakRss } from '../machine';
import { fmt, formatTable } from '../stats';
import type { Benchmark, BenchOptions } from '../types';
import { bcubed, generateCorpus, pairwiseScores } from './corpus';
import { cluster, type ReferencePetition, scoreText, type ScoredText } from './reference-rules';
import { Rng } from './rng';

// hotspot-reference: the service's join rules in memory (reference-rules.ts, the service's own
// functions) on two labelled corpora:
//  - the generated corpus (corpus.ts: organisation, paraphrase and township clusters among
//    unrelated petitions of the same kinds of problem), at 100,000 petitions (--quick: 5,000);
//  - the hand-written paraphrase corpus of the duplicate check (libs/text/test/corpus: 260 groups of
//    one matter each written by different people, 100 of them hard negatives), each text in a
//    township of its own in one city, in a shuffled order within the text window: only the text
//    rule can put two of them together; a pair is right when both texts are of one group.
// Each at the configured textThreshold and at others, so the trade-off shows.

const KEY = 'bench-hotspot-reference-signature-key';
const DAY = 86_400_000;
const GENERATED_THRESHOLDS = [0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998];
const PARAPHRASE_THRESHOLDS = [0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998];

const keysOf = (text: string) => matterKeys(extractMatter(text), KEY);

/** The paraphrase corpus as registrations: one city, a township each, spread over 80 days in a shuffled order. */
export function paraphrasePetitions(seed = 11): { petitions: ReferencePetition[]; groups: string[] } {
  const corpus = loadCorpus();
  const order = new Rng(seed).shuffle([...corpus.keys()]);
  if (order.length > 999) throw new RangeError('one county has 999 townships');
  const start = Date.parse('2025-03-03T01:00:00Z');
  const step = Math.floor((80 * DAY) / order.length);
  const petitions = order.map((c, i) => ({
    petitionId: corpus[c].id,
    regionCode: `330102${String(i + 1).padStart(3, '0')}`,
    categoryCode: corpus[c].category,
    involvedOrganization: null,
    time: start + i * step,
    keys: keysOf(`${corpus[c].summary} ${corpus[c].demands}`),
  }));
  return { petitions, groups: order.map((c) => corpus[c].group) };
}

interface Row {
  name: string;
  config: HotspotConfig;
}

function evaluate(petitions: ReferencePetition[], truth: string[], text: ScoredText, rows: Row[]) {
  return rows.map(({ name, config }) => {
    const { hotspots, textJoins } = cluster(petitions, text, config);
    const pair = pairwiseScores(truth, hotspots);
    const b3 = bcubed(truth, hotspots);
    const largest = Math.max(...countBy(hotspots).values());
    return { name, config, pair, b3, largest, textJoins };
  });
}

function variants(config: HotspotConfig, thresholds: number[]): Row[] {
  const rows: Row[] = thresholds.map((t) => ({
    name: `${t === config.textThreshold ? 'service: ' : ''}threshold ${t}, support ${config.textSupport}`,
    config: { ...config, textThreshold: t },
  }));
  if (!thresholds.includes(config.textThreshold))
    rows.unshift({ name: `service: threshold ${config.textThreshold}, support ${config.textSupport}`, config });
  rows.push({ name: `threshold ${config.textThreshold}, no support check`, config: { ...config, textSupport: 0 } });
  return rows;
}

async function run(options: BenchOptions) {
  const size = options.size ?? (options.quick ? 5_000 : 100_000);
  printMachine();
  const config = process.env.HOTSPOT_CONFIG ? parseHotspotConfig(process.env.HOTSPOT_CONFIG) : DEFAULT_HOTSPOT_CONFIG;

  // ---- the generated corpus ------------------------------------------------------------------
  let t = Date.now();
  const corpus = generateCorpus({ size, seed: 7, start: new Date('2025-01-01T00:00:00Z'), days: 365 });
  const petitions: ReferencePetition[] = corpus.map((p) => ({
    petitionId: p.petitionId,
    regionCode: p.regionCode,
    categoryCode: p.categoryCode,
    involvedOrganization: p.nature === 'ACCUSATION' ? null : p.involvedOrganization,
    time: Date.parse(p.registeredAt),
    keys: p.nature === 'ACCUSATION' ? null : keysOf(p.text),
  }));
  const keysMs = Date.now() - t;
  const text = scoreText(petitions, config);
  const truth = corpus.map((p) => p.label);
  out(
    `generated corpus: ${size} petitions (seed 7), ${new Set(truth).size} true clusters, largest ${Math.max(...countBy(truth).values())}; ` +
      `matter keys ${fmt(keysMs / size, 3)} ms/petition, text candidates ${fmt(text.scored / size, 1)}/petition scored in ${fmt(text.ms / size, 2)} ms/petition`,
  );
  const generated = evaluate(petitions, truth, text, variants(config, GENERATED_THRESHOLDS));
  printRows('generated corpus, in memory', generated);
  out('goal (generated corpus): pair precision and recall ≥ 0.95');
  out('');

  // ---- the hand-written paraphrase corpus ------------------------------------------------------
  t = Date.now();
  const para = paraphrasePetitions();
  const paraText = scoreText(para.petitions, config);
  const sizes = countBy(para.groups);
  out(
    `paraphrase corpus: ${para.petitions.length} texts in ${sizes.size} groups (${[...sizes.values()].filter((n) => n === 1).length} of one text), ` +
      `${pairwiseScores(para.groups, para.groups).truePairs} same-matter pairs, each text its own township of city 3301, 80 days; ${fmt((Date.now() - t) / 1000, 1)} s`,
  );
  const paraphrase = evaluate(para.petitions, para.groups, paraText, variants(config, PARAPHRASE_THRESHOLDS));
  printRows('paraphrase corpus, text clusters', paraphrase);
  out('goal (paraphrase corpus, the issue): pair recall ≥ 0.90 and precision ≥ 0.95');
  printPeakRss();
}

function countBy(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

export const hotspotReference: Benchmark = {
  name: 'hotspot-reference',
  description: "the service's join rules in memory: clustering P/R on the generated corpus and on the hand-written paraphrase corpus",
  run,
};

function printRows(title: string, rows: ReturnType<typeof evaluate>) {
  out(
    formatTable(
      [title, 'pair P', 'pair R', 'B³ P', 'B³ R', 'largest', 'text joins'],
      rows.map((r) => [r.name, fmt(r.pair.precision), fmt(r.pair.recall), fmt(r.b3.precision), fmt(r.b3.recall), r.largest, r.textJoins]),
    ),
  );
}
