import { PARAPHRASE_PAIRS } from './paraphrase-pairs';
import { bigramKeys, RARE_TEXT_THRESHOLD, rarestKeys, raritySimilarity, rarityWeigher, rarityWeight, RARITY_MIN_DOCUMENTS } from './rarity';
import { shingles } from './similarity';

const none = rarityWeigher(() => 0, 0);

describe('bigramKeys', () => {
  it('gives one distinct int32 key per normalised bigram, ascending', () => {
    const keys = bigramKeys('城东片区拆迁补偿款至今未发放，城东片区！');
    expect(keys).toHaveLength(shingles('城东片区拆迁补偿款至今未发放，城东片区！').size);
    expect([...keys].sort((a, b) => a - b)).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toBe(k | 0);
  });

  it('ignores what normalisation ignores, and is empty for punctuation', () => {
    expect(bigramKeys('拖欠工资9个月')).toEqual(bigramKeys('拖欠工资九个月。'));
    expect(bigramKeys('，。！')).toEqual([]);
  });
});

describe('raritySimilarity', () => {
  it('is 1 for the same text, 0 for nothing shared or an empty text, symmetric and within [0, 1]', () => {
    const a = bigramKeys('宏达建筑公司拖欠幸福家园工地农民工工资');
    expect(raritySimilarity(a, a, none)).toBeCloseTo(1, 12);
    expect(raritySimilarity(a, bigramKeys('小区电梯坏了没人修'), none)).toBe(0);
    expect(raritySimilarity(a, [], none)).toBe(0);
    for (const p of PARAPHRASE_PAIRS) {
      const [x, y] = [bigramKeys(p.a), bigramKeys(p.b)];
      const s = raritySimilarity(x, y, none);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      expect(raritySimilarity(y, x, none)).toBeCloseTo(s, 12);
    }
  });

  it('in an empty store separates the labelled paraphrase pairs with precision and recall >= 0.9', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const p of PARAPHRASE_PAIRS) {
      const flagged = raritySimilarity(bigramKeys(p.a), bigramKeys(p.b), none) >= RARE_TEXT_THRESHOLD;
      if (flagged && p.same) tp++;
      else if (flagged) fp++;
      else if (p.same) fn++;
    }
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.9);
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.9);
  });

  it('tells two schools apart once the store shows which bigrams are the template and which the names', () => {
    const school = (name: string, fee: string) => `${name}强制学生购买兴趣班，每个学生收${fee}元。要求退还多收的钱。`;
    const a = bigramKeys(school('顺利实验小学', '1530'));
    const sameSchool = bigramKeys(`${'顺利实验小学'}乱收费，逼学生买兴趣班，每人交1530元，请求退钱。`);
    const otherSchool = bigramKeys(school('兴辰实验小学', '1330'));
    // A store of 200,000 petitions in which the template's bigrams are everywhere and the names rare.
    const names = new Set(bigramKeys('顺利实验小学兴辰实验小学').filter((k) => !bigramKeys('实验小学').includes(k)));
    const df = (k: number) => (names.has(k) ? 3 : 5000);
    expect(raritySimilarity(a, otherSchool, none)).toBeGreaterThanOrEqual(RARE_TEXT_THRESHOLD); // plain overlap: "the same"
    expect(raritySimilarity(a, otherSchool, rarityWeigher(df, 200_000))).toBeLessThan(RARE_TEXT_THRESHOLD);
    expect(raritySimilarity(a, sameSchool, rarityWeigher(df, 200_000))).toBeGreaterThanOrEqual(RARE_TEXT_THRESHOLD);
  });
});

describe('rarityWeight and rarestKeys', () => {
  it('weighs rarer bigrams more, and counts a young store as RARITY_MIN_DOCUMENTS', () => {
    expect(rarityWeight(1, 1_000_000)).toBeGreaterThan(rarityWeight(100, 1_000_000));
    expect(rarityWeight(5, 10)).toBe(rarityWeight(5, RARITY_MIN_DOCUMENTS));
    // 1 or 3 holders in a young store: within a fifth of each other, not the factor 3 of plain idf^6.
    expect(rarityWeight(1, 10) / rarityWeight(3, 10)).toBeLessThan(1.2);
  });

  it('picks the rarest keys, ties broken by key', () => {
    const df = (k: number) => ({ 5: 9, 7: 1, 9: 1, 11: 4 })[k] ?? 0;
    const w = rarityWeigher(df, 100);
    expect(w(7)).toBe(rarityWeight(1, 100));
    expect(w(7)).toBe(w(7));
    expect(rarestKeys([5, 7, 9, 11], df, 3)).toEqual([7, 9, 11]);
    expect(rarestKeys([11, 9, 7, 5], df, 10)).toEqual([7, 9, 11, 5]);
  });
});
