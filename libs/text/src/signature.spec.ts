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
import { createHmac } from 'crypto';

import { fmix32, jaccard, shingles, signatureBigrams, unfmix32 } from './similarity';

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

describe('signature bigrams', () => {
  it('unfmix32 inverts fmix32', () => {
    for (const x of [0, 1, 0xdeadbeef, 0xffffffff, 123456789]) expect(unfmix32(fmix32(x))).toBe(x >>> 0);
  });

  it('recovers keyed bigram hashes of the text, and only those', () => {
    const text = '城北安置房项目拖欠农民工工资九个月，多次讨要无果。';
    const keyed = new Set([...shingles(text)].map((sh) => createHmac('sha256', KEY).update(sh).digest().readUInt32LE(0)));
    const ids = signatureBigrams(contentSignature(text, KEY));
    expect(ids.length).toBeGreaterThan(keyed.size / 2);
    expect(ids.every((id) => keyed.has(id))).toBe(true);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(signatureBigrams(contentSignature('，。', KEY))).toEqual([]);
  });
});
