import type { CorpusText } from '@petition/text';

// The hand-written 判重 corpus (libs/text/test/corpus: 675 texts of 260 matters, 100 of them hard
// negatives written to be confused with a named matter) planted among the bench's generated
// petitions, in one city that generated petitions share: every check then meets the city's
// generated petitions as candidates and the million's counts as weights. Scored as the integration
// test duplicate-corpus.int.spec.ts scores it on an empty database: each text checked by its
// petition id, limit 10; recall = same-group petitions flagged SIMILAR_TEXT / directed same-group
// pairs; false positives = flagged petitions of another group (or generated) / all flagged.

/** Channels of the corpus's writing styles, as the integration test registers them. */
export const CORPUS_CHANNEL: Record<string, string> = { letter: 'LETTER', phone: 'PHONE', online: 'ONLINE', clerk: 'VISIT' };

export interface PlantedText {
  text: CorpusText;
  /** A township of the shared city. */
  regionCode: string;
  channel: string;
  /** ISO 8601. */
  registeredAt: string;
}

/**
 * Each text under one of `townships` (9-digit codes of one city), round robin in corpus order, and
 * registered at a time spread evenly over `days` from `start`.
 */
export function plantCorpus(corpus: readonly CorpusText[], townships: readonly string[], start: Date, days: number): PlantedText[] {
  if (!townships.length) throw new Error('no township to plant the corpus in');
  const city = townships[0].slice(0, 4);
  if (townships.some((t) => t.slice(0, 4) !== city)) throw new Error('the corpus is planted in one city');
  const sorted = [...new Set(townships)].sort();
  const step = (days * 86_400_000) / Math.max(1, corpus.length);
  return corpus.map((text, i) => ({
    text,
    regionCode: sorted[i % sorted.length],
    channel: CORPUS_CHANNEL[text.style] ?? 'LETTER',
    registeredAt: new Date(start.getTime() + Math.floor(i * step)).toISOString(),
  }));
}

export interface CorpusQuality {
  /** Texts of each group in the corpus. */
  groupSize: ReadonlyMap<string, number>;
  /** Texts checked. */
  checks: number;
  /** Directed same-group pairs of the texts checked (samePairs of the corpus when every text is checked). */
  pairs: number;
  /** Flagged petitions of the query's own group. */
  found: number;
  /** All flagged petitions. */
  flagged: number;
  /** Flagged petitions of another corpus group. */
  otherGroup: number;
  /** …of which the hard negative written against the query's group, or the one it was written against. */
  hardNegative: number;
  /** Flagged generated petitions (the city's neighbours from the generated million). */
  generated: number;
  /** Checked texts of groups of two or more, and those of them shown at least one text of their group. */
  textsWithPartner: number;
  textsFound: number;
}

export function corpusQuality(corpus: readonly CorpusText[]): CorpusQuality {
  const groupSize = new Map<string, number>();
  for (const t of corpus) groupSize.set(t.group, (groupSize.get(t.group) ?? 0) + 1);
  return {
    groupSize,
    checks: 0,
    pairs: 0,
    found: 0,
    flagged: 0,
    otherGroup: 0,
    hardNegative: 0,
    generated: 0,
    textsWithPartner: 0,
    textsFound: 0,
  };
}

/** Adds one check: `flagged` are the petitions it flagged, each a corpus text or null (a generated petition). */
export function scoreCorpusCheck(q: CorpusQuality, query: CorpusText, flagged: ReadonlyArray<CorpusText | null>): void {
  q.checks++;
  const partners = (q.groupSize.get(query.group) ?? 1) - 1;
  q.pairs += partners;
  if (partners > 0) q.textsWithPartner++;
  let own = 0;
  for (const f of flagged) {
    q.flagged++;
    if (f === null) q.generated++;
    else if (f.group === query.group) own++;
    else {
      q.otherGroup++;
      if (f.confusableWith === query.group || query.confusableWith === f.group) q.hardNegative++;
    }
  }
  q.found += own;
  if (own > 0) q.textsFound++;
}

/** Every `step`-th text (all when 1): a smaller sample of checks, whole groups' pairs still counted per text. */
export function everyNth<T>(items: readonly T[], step: number): T[] {
  return items.filter((_, i) => i % Math.max(1, step) === 0);
}

export const corpusRecall = (q: CorpusQuality) => q.found / Math.max(1, q.pairs);
export const corpusFalsePositives = (q: CorpusQuality) => (q.flagged - q.found) / Math.max(1, q.flagged);
