import { PARAPHRASE_PAIRS } from './paraphrase-pairs';
import {
  blend,
  containment,
  dice,
  estimateJaccard,
  jaccard,
  minhashSignature,
  normalizeText,
  shingles,
  SIMILAR_TEXT_THRESHOLD,
  textSimilarity,
} from './similarity';

type Scored = { score: number; same: boolean };
type Eval = { threshold: number; precision: number; recall: number; f1: number; gap: number };

function evaluateAt(scored: Scored[], threshold: number): Omit<Eval, 'gap'> {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { score, same } of scored) {
    const flagged = score >= threshold;
    if (flagged && same) tp++;
    else if (flagged) fp++;
    else if (same) fn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, precision, recall, f1 };
}

// Candidate cuts are midpoints between consecutive distinct scores; among equal F1
// the widest gap wins (the cut least sensitive to one more pair).
function bestThreshold(scored: Scored[]): Eval {
  const distinct = [...new Set(scored.map((s) => s.score))].sort((x, y) => x - y);
  let best: Eval | undefined;
  for (let i = 0; i < distinct.length; i++) {
    const lo = i === 0 ? 0 : distinct[i - 1];
    const r = { ...evaluateAt(scored, (lo + distinct[i]) / 2), gap: distinct[i] - lo };
    if (!best || r.f1 > best.f1 + 1e-12 || (Math.abs(r.f1 - best.f1) <= 1e-12 && r.gap > best.gap)) best = r;
  }
  if (!best) throw new Error('no scores');
  return best;
}

function auc(scored: Scored[]): number {
  let sum = 0;
  let n = 0;
  for (const p of scored.filter((s) => s.same))
    for (const q of scored.filter((s) => !s.same)) {
      n++;
      sum += p.score > q.score ? 1 : p.score === q.score ? 0.5 : 0;
    }
  return sum / n;
}

function leaveOneOutF1(scored: Scored[]): number {
  const held = scored.map((s, i) => {
    const t = bestThreshold(scored.filter((_, j) => j !== i)).threshold;
    return { score: s.score >= t ? 1 : 0, same: s.same };
  });
  return evaluateAt(held, 0.5).f1;
}

const MEASURES = { jaccard, dice, containment, blend } as const;

describe('PARAPHRASE_PAIRS (labelled set)', () => {
  it('has at least 40 pairs, at least 20 of each label, no empty or identical texts', () => {
    expect(PARAPHRASE_PAIRS.length).toBeGreaterThanOrEqual(40);
    expect(PARAPHRASE_PAIRS.filter((p) => p.same).length).toBeGreaterThanOrEqual(20);
    expect(PARAPHRASE_PAIRS.filter((p) => !p.same).length).toBeGreaterThanOrEqual(20);
    for (const p of PARAPHRASE_PAIRS) {
      expect(p.a.trim()).not.toBe('');
      expect(p.b.trim()).not.toBe('');
      expect(normalizeText(p.a)).not.toBe(normalizeText(p.b));
    }
  });
});

describe('similarity measures on the labelled set', () => {
  const results = Object.entries(MEASURES).map(([name, fn]) => {
    const scored = PARAPHRASE_PAIRS.map((p) => ({ score: fn(shingles(p.a), shingles(p.b)), same: p.same }));
    return { name, ...bestThreshold(scored), auc: auc(scored), looF1: leaveOneOutF1(scored), scored };
  });

  it('prints precision / recall / F1 of every measure at its best threshold', () => {
    const rows = results.map((r) =>
      [
        r.name.padEnd(12),
        r.threshold.toFixed(3),
        r.precision.toFixed(3),
        r.recall.toFixed(3),
        r.f1.toFixed(3),
        r.gap.toFixed(3),
        r.auc.toFixed(4),
        r.looF1.toFixed(3),
      ].join('  '),
    );
    console.log(
      ['measure       thresh  prec   recall F1     gap    AUC     LOO-F1', ...rows].join('\n') +
        `\nchosen: blend at SIMILAR_TEXT_THRESHOLD=${SIMILAR_TEXT_THRESHOLD}`,
    );
    expect(results).toHaveLength(4);
  });

  it('the chosen measure (blend) has the best F1 and, among ties, the best LOO-F1 then AUC', () => {
    const chosen = results.find((r) => r.name === 'blend')!;
    for (const r of results) {
      expect(chosen.f1).toBeGreaterThanOrEqual(r.f1 - 1e-9);
      if (Math.abs(chosen.f1 - r.f1) < 1e-9) {
        expect(chosen.looF1).toBeGreaterThanOrEqual(r.looF1 - 1e-9);
        if (Math.abs(chosen.looF1 - r.looF1) < 1e-9) expect(chosen.auc).toBeGreaterThanOrEqual(r.auc);
      }
    }
  });

  it('textSimilarity at SIMILAR_TEXT_THRESHOLD reaches precision >= 0.9 and recall >= 0.9', () => {
    const scored = PARAPHRASE_PAIRS.map((p) => ({ score: textSimilarity(p.a, p.b), same: p.same }));
    const r = evaluateAt(scored, SIMILAR_TEXT_THRESHOLD);
    expect(r.precision).toBeGreaterThanOrEqual(0.9);
    expect(r.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('SIMILAR_TEXT_THRESHOLD lies inside the measured best-F1 gap of blend', () => {
    const chosen = results.find((r) => r.name === 'blend')!;
    expect(Math.abs(SIMILAR_TEXT_THRESHOLD - chosen.threshold)).toBeLessThan(chosen.gap / 2);
  });
});

describe('normalizeText', () => {
  it('applies NFKC: full-width letters, digits and punctuation become half-width', () => {
    expect(normalizeText('ＡＢＣ')).toBe('abc');
    expect(normalizeText('室温１２度')).toBe(normalizeText('室温12度'));
  });

  it('lowercases and strips Chinese and ASCII punctuation and all whitespace', () => {
    expect(normalizeText('ABC，。！？、；：“”（）《》【】 ,.!?;:"()\t\n　def')).toBe('abcdef');
  });

  it('collapses every number to one placeholder, however it is written', () => {
    const n = normalizeText('工资9600元');
    expect(normalizeText('工资9,600元')).toBe(n);
    expect(normalizeText('工资９６００元')).toBe(n);
    expect(normalizeText('工资 9600 元')).toBe(n);
    expect(normalizeText('共计36万元')).toBe(normalizeText('共计0.36万元'));
  });

  it('treats Chinese numerals before a measure word as numbers, and leaves other words alone', () => {
    expect(normalizeText('拖欠两个月工资')).toBe(normalizeText('拖欠2个月工资'));
    expect(normalizeText('涉及一百多户')).toBe(normalizeText('涉及100多户'));
    expect(normalizeText('近三年账目')).toBe(normalizeText('近3年账目'));
    expect(normalizeText('统一购买')).toContain('统一');
    expect(normalizeText('二轮承包')).toContain('二轮');
  });

  it('rewrites domain synonyms to one spelling', () => {
    expect(normalizeText('征收补偿款')).toBe(normalizeText('拆迁补偿款'));
    expect(normalizeText('拖欠薪水')).toBe(normalizeText('拖欠工资'));
    expect(normalizeText('拖欠工钱')).toBe(normalizeText('拖欠工资'));
    expect(normalizeText('追讨欠薪')).toBe(normalizeText('追讨拖欠工资'));
    expect(normalizeText('欠薪水')).toBe(normalizeText('欠工资'));
    expect(normalizeText('补偿款没有发放')).toBe(normalizeText('补偿款未发放'));
    expect(normalizeText('补偿款迟迟不发')).toBe(normalizeText('补偿款未发放'));
  });

  it('does not mangle a phrase by rewriting it twice (未发放 stays one unit)', () => {
    expect(normalizeText('未发放')).toBe('未发');
    expect(normalizeText('没有发放')).toBe('未发');
  });

  it('drops filler characters and words', () => {
    expect(normalizeText('我们的工资一直至今仍然还是没有发放了啊')).toBe(normalizeText('工资未发放'));
    expect(normalizeText('本人要求归还承包地')).toBe(normalizeText('归还承包地'));
  });

  it('keeps 就 and 还 inside real words', () => {
    expect(normalizeText('就近入学')).toBe('就近入学');
    expect(normalizeText('异地就医')).toBe('异地就医');
    expect(normalizeText('退还土地')).toBe('退还土地');
  });

  it('returns an empty string for punctuation-only input', () => {
    expect(normalizeText(' ，。!? ')).toBe('');
  });
});

describe('shingles', () => {
  it('returns character bigrams of the normalised text by default', () => {
    expect([...shingles('拖欠工资！')].sort()).toEqual(['工资', '拖欠', '欠工'].sort());
  });

  it('supports other n', () => {
    expect([...shingles('拖欠工资', 3)].sort()).toEqual(['拖欠工', '欠工资'].sort());
    expect(shingles('拖欠工资', 1)).toEqual(new Set(['拖', '欠', '工', '资']));
  });

  it('returns the whole text when it is shorter than n, and nothing for empty text', () => {
    expect(shingles('欠', 2)).toEqual(new Set(['欠']));
    expect(shingles('', 2).size).toBe(0);
    expect(shingles('。，', 2).size).toBe(0);
  });

  it('deduplicates repeated n-grams', () => {
    expect(shingles('哈哈哈哈').size).toBe(1);
  });

  it('rejects a non-positive n', () => {
    expect(() => shingles('abc', 0)).toThrow(RangeError);
  });
});

describe('textSimilarity', () => {
  it('is 1 for identical and for trivially different texts', () => {
    expect(textSimilarity('拖欠农民工工资', '拖欠农民工工资')).toBe(1);
    expect(textSimilarity('拖欠农民工工资。', ' 拖欠农民工的工资！')).toBe(1);
  });

  it('is 0 for texts with nothing in common and for empty texts', () => {
    expect(textSimilarity('拖欠工资', '医疗纠纷')).toBe(0);
    expect(textSimilarity('', '拖欠工资')).toBe(0);
    expect(textSimilarity('', '')).toBe(0);
  });

  it('is symmetric and within [0, 1] on every labelled pair', () => {
    for (const p of PARAPHRASE_PAIRS) {
      const s = textSimilarity(p.a, p.b);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      expect(textSimilarity(p.b, p.a)).toBeCloseTo(s, 12);
    }
  });

  it('flags a paraphrase and not a different demand against the same company', () => {
    const registered = '本人在宏达建筑公司幸福家园工地务工，老板拖欠我们12名农民工工资共计36万元，要求追讨。';
    const paraphrase = '我们12个农民工给宏达建筑公司在幸福家园工地干活，工钱36万元至今没给，请求帮助追讨。';
    const other = '宏达建筑公司在幸福家园工地夜间施工，噪音扰民，要求限制施工时间。';
    expect(textSimilarity(registered, paraphrase)).toBeGreaterThanOrEqual(SIMILAR_TEXT_THRESHOLD);
    expect(textSimilarity(registered, other)).toBeLessThan(SIMILAR_TEXT_THRESHOLD);
  });
});

describe('MinHash', () => {
  it('produces k unsigned 32-bit values, deterministically', () => {
    const s = minhashSignature('城东片区拆迁补偿款未发放');
    expect(s).toBeInstanceOf(Uint32Array);
    expect(s).toHaveLength(64);
    expect(minhashSignature('城东片区拆迁补偿款未发放')).toEqual(s);
    expect(minhashSignature('城东片区拆迁补偿款未发放', 16)).toHaveLength(16);
  });

  it('ignores what normalisation ignores', () => {
    expect(minhashSignature('拖欠工资9,600元！')).toEqual(minhashSignature('拖欠工资９６００元'));
  });

  it('gives 1 for identical sets and close to 0 for disjoint ones', () => {
    const a = minhashSignature('城东片区拆迁补偿款未发放');
    expect(estimateJaccard(a, a)).toBe(1);
    expect(estimateJaccard(a, minhashSignature('学校强制购买教辅资料'))).toBeLessThan(0.1);
  });

  it('estimates the exact bigram Jaccard within 0.15 on every labelled pair', () => {
    let totalError = 0;
    for (const p of PARAPHRASE_PAIRS) {
      const exact = jaccard(shingles(p.a), shingles(p.b));
      const est = estimateJaccard(minhashSignature(p.a), minhashSignature(p.b));
      expect(Math.abs(est - exact)).toBeLessThanOrEqual(0.15);
      totalError += Math.abs(est - exact);
    }
    // k = 64 gives a standard error of at most 0.0625 per pair; the mean must be well below that.
    expect(totalError / PARAPHRASE_PAIRS.length).toBeLessThan(0.06);
  });

  it('rejects mismatched signature lengths and a bad k', () => {
    expect(() => estimateJaccard(new Uint32Array(4), new Uint32Array(8))).toThrow(RangeError);
    expect(() => minhashSignature('x', 0)).toThrow(RangeError);
  });
});
