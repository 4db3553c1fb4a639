import { PARAPHRASE_PAIRS } from './paraphrase-pairs';
import {
  contentSignature,
  decodeSignature,
  encodeSignature,
  estimateJaccard,
  isEmptySignature,
  lshBandKeys,
  SIGNATURE_SIZE,
} from './signature';
import { jaccard, shingles } from './similarity';

const KEY = 'test-signature-key';

describe('content signature', () => {
  it('is keyed: the same text under another key shares no values', () => {
    const a = contentSignature('城东片区拆迁补偿款未发放', KEY);
    const b = contentSignature('城东片区拆迁补偿款未发放', 'another-key');
    expect(a).toHaveLength(SIGNATURE_SIZE);
    expect(contentSignature('城东片区拆迁补偿款未发放', KEY)).toEqual(a);
    expect(estimateJaccard(a, b)).toBeLessThan(0.05);
    expect(() => contentSignature('x', '')).toThrow(RangeError);
  });

  it('round-trips through base64 and refuses anything else', () => {
    const sig = contentSignature('拖欠工资九个月', KEY);
    expect(decodeSignature(encodeSignature(sig))).toEqual(sig);
    expect(() => decodeSignature('')).toThrow(RangeError);
    expect(() => decodeSignature('abc')).toThrow(RangeError);
    expect(() => decodeSignature('not base64!')).toThrow(RangeError);
  });

  it('estimates the bigram Jaccard of the labelled paraphrase pairs within 0.12', () => {
    for (const p of PARAPHRASE_PAIRS) {
      const exact = jaccard(shingles(p.a), shingles(p.b));
      const est = estimateJaccard(contentSignature(p.a, KEY), contentSignature(p.b, KEY));
      expect(Math.abs(est - exact)).toBeLessThan(0.12);
    }
  });

  it('marks an empty text as an empty signature', () => {
    expect(isEmptySignature(contentSignature('，。！', KEY))).toBe(true);
    expect(isEmptySignature(contentSignature('拖欠工资', KEY))).toBe(false);
  });
});

describe('LSH band keys', () => {
  it('gives one key per band, tagged with the band number', () => {
    const keys = lshBandKeys(contentSignature('城东片区拆迁补偿款未发放', KEY), 2);
    expect(keys).toHaveLength(SIGNATURE_SIZE / 2);
    keys.forEach((key, band) => expect(Math.floor(key / 2 ** 32)).toBe(band));
    expect(() => lshBandKeys(new Uint32Array(5), 2)).toThrow(RangeError);
  });

  it('shares at least one key for every same-matter pair of the labelled set', () => {
    for (const p of PARAPHRASE_PAIRS.filter((x) => x.same)) {
      const a = new Set(lshBandKeys(contentSignature(p.a, KEY)));
      const shared = lshBandKeys(contentSignature(p.b, KEY)).filter((k) => a.has(k));
      expect({ pair: p.a, shared: shared.length > 0 }).toEqual({ pair: p.a, shared: true });
    }
  });
});
