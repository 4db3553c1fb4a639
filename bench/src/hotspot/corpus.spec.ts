import { bcubed, type CorpusPetition, generateCorpus, generateCorpusDetailed, pairwiseScores } from './corpus';
import { CATEGORY_CODES } from './problems';

const DAY = 86_400_000;

/** Character bigrams of a text's letters and digits: the surface the corpus's paraphrases differ in. */
function shingles(text: string): Set<string> {
  const chars = Array.from(text.normalize('NFKC').replace(/[\p{P}\p{S}\p{Z}\p{C}\s]+/gu, ''));
  return new Set(chars.slice(1).map((c, i) => chars[i] + c));
}
function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return a.size + b.size - shared ? shared / (a.size + b.size - shared) : 0;
}
const START = new Date('2025-01-01T00:00:00+08:00');
const options = { size: 3000, seed: 7, start: START, days: 365 };

function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}

const time = (p: CorpusPetition) => Date.parse(p.registeredAt);
const spanDays = (ps: CorpusPetition[]) => (Math.max(...ps.map(time)) - Math.min(...ps.map(time))) / DAY;
const city = (p: CorpusPetition) => p.regionCode.slice(0, 4);
const normOrg = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase();

describe('generateCorpus', () => {
  const corpus = generateCorpus(options);
  const clusters = groupBy(corpus, (p) => p.label);
  const ofKind = (kind: string) => [...clusters.values()].filter((ps) => ps[0].truth.kind === kind);

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateCorpus(options)).toEqual(corpus);
    const other = generateCorpus({ ...options, seed: 8 });
    expect(other.map((p) => p.text)).not.toEqual(corpus.map((p) => p.text));
  });

  it('has the requested size, unique ids and times sorted ascending within the period', () => {
    expect(corpus).toHaveLength(options.size);
    expect(new Set(corpus.map((p) => p.petitionId)).size).toBe(options.size);
    for (let i = 1; i < corpus.length; i++) expect(time(corpus[i])).toBeGreaterThanOrEqual(time(corpus[i - 1]));
    expect(time(corpus[0])).toBeGreaterThanOrEqual(START.getTime());
    expect(time(corpus[corpus.length - 1])).toBeLessThan(START.getTime() + options.days * DAY);
  });

  it('keeps every field within its contract', () => {
    for (const p of corpus) {
      expect(p.petitionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(p.regionCode).toMatch(/^\d{9}$/);
      expect(CATEGORY_CODES).toContain(p.categoryCode);
      const len = Array.from(p.text).length;
      expect(len).toBeGreaterThanOrEqual(30);
      expect(len).toBeLessThanOrEqual(120);
      if (p.visitKind === 'INDIVIDUAL') expect(p.headcount).toBeGreaterThanOrEqual(1);
      if (p.visitKind === 'INDIVIDUAL') expect(p.headcount).toBeLessThanOrEqual(4);
      if (p.visitKind === 'COLLECTIVE') expect(p.headcount).toBeGreaterThanOrEqual(5);
      if (p.visitKind === 'COLLECTIVE') expect(p.headcount).toBeLessThanOrEqual(60);
      if (p.level === 'TOWNSHIP') expect(p.skipLevel).toBe(false);
      if (p.nature === 'ACCUSATION') {
        expect(p.involvedOrganization).toBeNull();
        expect(['SINGLETON', 'PLACE']).toContain(p.truth.kind);
      }
    }
  });

  it('has the intended mix: 40–50 % clustered, clusters of 3–60, a few accusations', () => {
    const clustered = corpus.filter((p) => p.truth.kind !== 'SINGLETON').length / corpus.length;
    expect(clustered).toBeGreaterThanOrEqual(0.4);
    expect(clustered).toBeLessThanOrEqual(0.5);
    for (const kind of ['ORG', 'TEXT', 'PLACE']) {
      expect(ofKind(kind).length).toBeGreaterThan(10);
      for (const ps of ofKind(kind)) {
        expect(ps.length).toBeGreaterThanOrEqual(3);
        expect(ps.length).toBeLessThanOrEqual(60);
      }
    }
    for (const ps of ofKind('SINGLETON')) expect(ps).toHaveLength(1);
    const accusations = corpus.filter((p) => p.nature === 'ACCUSATION').length;
    expect(accusations).toBeGreaterThan(0);
    expect(accusations / corpus.length).toBeLessThan(0.06);
  });

  it('ORG clusters: one organisation, one city, one issue, within 60 days', () => {
    for (const ps of ofKind('ORG')) {
      expect(ps[0].involvedOrganization).not.toBeNull();
      expect(new Set(ps.map((p) => p.involvedOrganization)).size).toBe(1);
      expect(new Set(ps.map(city)).size).toBe(1);
      expect(new Set(ps.map((p) => p.truth.issue)).size).toBe(1);
      expect(spanDays(ps)).toBeLessThanOrEqual(60);
    }
  });

  it('TEXT clusters: no organisation, one city, one issue, at most two categories, within 90 days', () => {
    for (const ps of ofKind('TEXT')) {
      for (const p of ps) expect(p.involvedOrganization).toBeNull();
      expect(new Set(ps.map(city)).size).toBe(1);
      expect(new Set(ps.map((p) => p.truth.issue)).size).toBe(1);
      expect(new Set(ps.map((p) => p.categoryCode)).size).toBeLessThanOrEqual(2);
      expect(spanDays(ps)).toBeLessThanOrEqual(90);
    }
  });

  it('PLACE clusters: one township, one category, different issues, within 20 days', () => {
    for (const ps of ofKind('PLACE')) {
      expect(new Set(ps.map((p) => p.regionCode)).size).toBe(1);
      expect(new Set(ps.map((p) => p.categoryCode)).size).toBe(1);
      expect(new Set(ps.map((p) => p.truth.issue)).size).toBe(ps.length);
      expect(spanDays(ps)).toBeLessThanOrEqual(20);
    }
  });

  it('no two labels meet in a (township, category) slot within 30 days; singletons own theirs', () => {
    for (const ps of groupBy(corpus, (p) => `${p.regionCode}|${p.categoryCode}`).values()) {
      // ps is in time order; compare each petition with the later ones up to 30 days on.
      for (let i = 0; i < ps.length; i++) {
        for (let j = i + 1; j < ps.length && time(ps[j]) - time(ps[i]) <= 30 * DAY; j++) {
          expect(ps[j].label).toBe(ps[i].label);
        }
      }
    }
    // Stronger, for clusters: another label stays 30 days clear of the cluster's whole span.
    const spans = new Map([...clusters].map(([label, ps]) => [label, [time(ps[0]), time(ps[ps.length - 1])]]));
    for (const ps of groupBy(corpus, (p) => `${p.regionCode}|${p.categoryCode}`).values()) {
      const labels = [...new Set(ps.map((p) => p.label))];
      for (const a of labels) {
        for (const b of labels) {
          if (a >= b) continue;
          const [a0, a1] = spans.get(a)!;
          const [b0, b1] = spans.get(b)!;
          expect(Math.max(a0, b0) - Math.min(a1, b1)).toBeGreaterThan(30 * DAY);
        }
      }
    }
  });

  it('every organisation belongs to one label only, even after normalisation', () => {
    const labelsByOrg = new Map<string, Set<string>>();
    for (const p of corpus) {
      if (!p.involvedOrganization) continue;
      const k = normOrg(p.involvedOrganization);
      labelsByOrg.set(k, (labelsByOrg.get(k) ?? new Set()).add(p.label));
    }
    for (const labels of labelsByOrg.values()) expect(labels.size).toBe(1);
    // And a singleton's organisation is nobody else's.
    const counts = groupBy(
      corpus.filter((p) => p.involvedOrganization),
      (p) => normOrg(p.involvedOrganization!),
    );
    for (const p of corpus)
      if (p.truth.kind === 'SINGLETON' && p.involvedOrganization) expect(counts.get(normOrg(p.involvedOrganization))).toHaveLength(1);
  });

  it('paraphrases in a TEXT cluster are clearly closer than different issues of the same problem type', () => {
    const sets = new Map(corpus.map((p) => [p.petitionId, shingles(p.text)]));
    const j = (a: CorpusPetition, b: CorpusPetition) => jaccard(sets.get(a.petitionId)!, sets.get(b.petitionId)!);
    const same: number[] = [];
    for (const ps of ofKind('TEXT')) for (let a = 0; a < ps.length; a++) for (let b = a + 1; b < ps.length; b++) same.push(j(ps[a], ps[b]));
    const different: number[] = [];
    for (const ps of groupBy(corpus, (p) => p.truth.problem).values()) {
      for (let a = 0; a < ps.length; a++) {
        for (let b = a + 1; b < Math.min(ps.length, a + 30); b++)
          if (ps[a].truth.issue !== ps[b].truth.issue) different.push(j(ps[a], ps[b]));
      }
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(same.length).toBeGreaterThan(100);
    expect(different.length).toBeGreaterThan(1000);
    // Paraphrases are varied (not copies), issues of one type are not unrelated (shared vocabulary).
    expect(mean(same)).toBeGreaterThan(0.3);
    expect(mean(same)).toBeLessThan(0.7);
    expect(mean(different)).toBeGreaterThan(0.08);
    expect(mean(same)).toBeGreaterThan(mean(different) + 0.15);
    expect(mean(same)).toBeGreaterThan(2 * mean(different));
  });

  it('reports its stats consistently', () => {
    const { petitions, stats, geography } = generateCorpusDetailed(options);
    expect(stats.petitions.ORG + stats.petitions.TEXT + stats.petitions.PLACE + stats.petitions.SINGLETON).toBe(options.size);
    expect(stats.clusterSizes.reduce((s, x) => s + x, 0)).toBe(options.size - stats.petitions.SINGLETON);
    expect(stats.accusations).toBe(petitions.filter((p) => p.nature === 'ACCUSATION').length);
    expect(new Set(petitions.map((p) => p.regionCode)).size).toBeLessThanOrEqual(geography.townships.length);
  });
});

describe('pairwiseScores and bcubed', () => {
  it('score a perfect clustering 1', () => {
    const t = ['a', 'a', 'b', 'c', 'c', 'c'];
    const p = [1, 1, 2, 3, 3, 3];
    expect(pairwiseScores(t, p)).toMatchObject({ precision: 1, recall: 1, f1: 1, truePairs: 4, predictedPairs: 4, correctPairs: 4 });
    expect(bcubed(t, p)).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('count pairs through the contingency table', () => {
    // true {0,1,2} {3,4}; predicted {0,1} {2,3,4}
    const t = ['x', 'x', 'x', 'y', 'y'];
    const p = ['P', 'P', 'Q', 'Q', 'Q'];
    const s = pairwiseScores(t, p);
    expect(s.truePairs).toBe(4);
    expect(s.predictedPairs).toBe(4);
    expect(s.correctPairs).toBe(2);
    expect(s.precision).toBeCloseTo(0.5);
    expect(s.recall).toBeCloseTo(0.5);
    // B-cubed precision: items 0,1: 2/2; 2: 1/3; 3,4: 2/3 → (1+1+1/3+2/3+2/3)/5
    const b = bcubed(t, p);
    expect(b.precision).toBeCloseTo((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5);
    // recall: 0,1: 2/3; 2: 1/3; 3,4: 2/2
    expect(b.recall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5);
  });

  it('all singletons predicted: precision 1 (nothing claimed), recall 0', () => {
    const s = pairwiseScores(['a', 'a', 'b'], [1, 2, 3]);
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(0);
  });

  it('reject arrays of different lengths', () => {
    expect(() => pairwiseScores(['a'], [])).toThrow(RangeError);
  });
});
