import { type CorpusText, extractMatter, loadCorpus, matterKeys, samePairs } from '@petition/text';

import { keyBatch, MatterKeyPool } from './matter-keys';
import { corpusFalsePositives, corpusQuality, corpusRecall, everyNth, plantCorpus, scoreCorpusCheck } from './planted-corpus';

const text = (id: string, group: string, confusableWith: string | null = null): CorpusText => ({
  id,
  group,
  style: 'letter',
  summary: id,
  demands: '',
  category: 'OTHER',
  confusableWith,
});

describe('the hand-written corpus planted among generated petitions', () => {
  const corpus = loadCorpus();

  it('puts every text in a township of the one city, spread over the year', () => {
    const planted = plantCorpus(corpus, ['330102003', '330101001', '330102003'], new Date('2025-01-01T00:00:00Z'), 365);
    expect(planted).toHaveLength(corpus.length);
    expect(new Set(planted.map((p) => p.regionCode))).toEqual(new Set(['330101001', '330102003']));
    expect(planted[0].registeredAt).toBe('2025-01-01T00:00:00.000Z');
    expect(planted.at(-1)!.registeredAt < '2026-01-01').toBe(true);
    expect(planted.every((p) => ['LETTER', 'PHONE', 'ONLINE', 'VISIT'].includes(p.channel))).toBe(true);
    expect(() => plantCorpus(corpus, ['330102003', '330201001'], new Date(), 365)).toThrow(/one city/);
  });

  it('counts directed same-group pairs as the integration test does when every text is checked', () => {
    const q = corpusQuality(corpus);
    for (const t of corpus) scoreCorpusCheck(q, t, []);
    expect(q.pairs).toBe(samePairs(corpus));
    expect(everyNth(corpus, 4)).toHaveLength(Math.ceil(corpus.length / 4));
  });

  it('scores a check: own group found, other groups, hard negatives and generated petitions as false positives', () => {
    const a0 = text('a/0', 'a');
    const a1 = text('a/1', 'a');
    const a2 = text('a/2', 'a');
    const b0 = text('b/0', 'b', 'a');
    const c0 = text('c/0', 'c');
    const q = corpusQuality([a0, a1, a2, b0, c0]);
    scoreCorpusCheck(q, a0, [a1, b0, null]);
    scoreCorpusCheck(q, a1, [c0]);
    scoreCorpusCheck(q, b0, []);
    expect(q).toMatchObject({
      checks: 3,
      pairs: 4,
      textsWithPartner: 2,
      found: 1,
      flagged: 4,
      otherGroup: 2,
      hardNegative: 1,
      generated: 1,
    });
    expect(q.textsFound).toBe(1);
    expect(corpusRecall(q)).toBeCloseTo(1 / 4);
    expect(corpusFalsePositives(q)).toBeCloseTo(3 / 4);
  });
});

describe('matter keys for the load', () => {
  it('are the service rule, as int4[] literals', async () => {
    const texts = ['反映蓼花汀社区旧改项目拆迁补偿款未发放问题 要求发放补偿款', '。。。'];
    const batch = keyBatch(texts);
    expect(batch.literals).toEqual(texts.map((t) => `{${matterKeys(extractMatter(t)).join(',')}}`));
    expect(batch.literals[1]).toBe('{}');
    const pool = new MatterKeyPool(2); // no compiled worker under jest: computed in this thread
    try {
      expect((await pool.keys(texts)).literals).toEqual(batch.literals);
    } finally {
      await pool.close();
    }
  });
});
