import { createHmac } from 'crypto';

// Near-duplicate detection for petition text (判重: same petitioner, same matter).
// Character n-grams, not word segmentation: no dictionary to ship, robust to the
// clerk's wording, and it works on the short texts (30–100 characters) that the
// summary + demands of a petition usually are.

// Fillers are removed after synonyms and numbers, so that e.g. 还是 goes as a whole.
// 本人/我们/我家/我 go because a petitioner's own re-registration says them
// interchangeably; 请求/要求/希望/反映 are the boilerplate around every demand.
// Deliberately NOT fillers: 就 (就近入学, 异地就医, 就业) and 还 (归还, 退还): dropping
// them broke real words in the labelled set. Nothing that carries the matter
// (拖欠, 补偿, 公开, place and company names) is ever dropped.
const FILLER_WORDS = ['一直', '至今', '仍然', '依然', '还是', '已经', '我们', '本人', '我家', '反映', '请求', '要求', '希望'];
const FILLER_CHARS = new Set(Array.from('的了着呢吧啊吗呀哦也都我'));

// Domain synonyms seen in 信访 registrations, rewritten to one spelling in a single
// pass (longest match first, so 没有发放 is not first turned into 未发放).
const SYNONYMS: ReadonlyArray<readonly [string, string]> = [
  ['迟迟不发', '未发'],
  ['没有发放', '未发'],
  ['未发放', '未发'],
  ['不发放', '未发'],
  ['没有发', '未发'],
  ['没有', '未'],
  ['没给', '未给'],
  ['征收', '拆迁'],
  ['征用', '拆迁'],
  ['强行拆除', '强拆'],
  ['薪水', '工资'],
  ['工钱', '工资'],
  ['薪资', '工资'],
  ['薪酬', '工资'],
];

function alternation(words: Iterable<string>): RegExp {
  const sorted = [...words].sort((x, y) => y.length - x.length);
  return new RegExp(sorted.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}
const SYNONYM_MAP = new Map(SYNONYMS);
const SYNONYM_RE = alternation(SYNONYM_MAP.keys());
const FILLER_RE = alternation(FILLER_WORDS);

// Every number becomes one placeholder character: 9600, 9,600 and ９６００ are the same
// text, and so are 两个月 / 2个月. Chinese numerals only count as a number in front of
// a measure word, otherwise 统一, 一直, 二轮 would be damaged.
const NUMBER_TOKEN = '#';
// Punctuation is stripped first, so 9,600 and 0.96 are already one digit run here.
const ARABIC_NUMBER_RE = /\d+/g;
const CHINESE_NUMBER_RE = /[零一二两三四五六七八九十百千]+(?=[多余]?[个口名人户亩年月日天岁元万次间套层平度])/g;

export function normalizeText(s: string): string {
  let t = s.normalize('NFKC').toLowerCase();
  t = t.replace(/[\p{P}\p{S}\p{Z}\p{C}\s]+/gu, '');
  t = t.replace(ARABIC_NUMBER_RE, NUMBER_TOKEN).replace(CHINESE_NUMBER_RE, NUMBER_TOKEN);
  // 欠薪 is a contraction of 拖欠工资, but 拖欠薪水 also contains it: rewrite it only
  // where it is not the start of 薪水/薪资/薪酬.
  t = t.replace(/拖?欠薪(?![水资酬])/g, '拖欠工资');
  t = t.replace(SYNONYM_RE, (m) => SYNONYM_MAP.get(m) ?? m);
  t = t.replace(FILLER_RE, '');
  return Array.from(t)
    .filter((c) => !FILLER_CHARS.has(c))
    .join('');
}

export function shingles(s: string, n = 2): Set<string> {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError('n must be a positive integer');
  const chars = Array.from(normalizeText(s));
  const out = new Set<string>();
  if (chars.length === 0) return out;
  if (chars.length < n) {
    out.add(chars.join(''));
    return out;
  }
  for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''));
  return out;
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of small) if (large.has(x)) n++;
  return n;
}

// The candidate measures, on shingle sets; all are 0 when either side is empty
// (an empty text is never a duplicate of anything).
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const i = overlap(a, b);
  return i / (a.size + b.size - i);
}

export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  return (2 * overlap(a, b)) / (a.size + b.size);
}

export function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  return overlap(a, b) / Math.min(a.size, b.size);
}

// Mean of Dice and containment. Containment alone forgives a short re-registration
// ("城北安置房项目拖欠工资") but scores 1.0 for any short text inside a long one; Dice
// alone punishes the length difference. Measured on PARAPHRASE_PAIRS (bigrams, this
// normalisation): blend and containment tie on F1 (0.980) and leave-one-out F1 (0.980);
// blend has the higher AUC (0.9967 vs 0.9950); Jaccard/Dice reach F1 0.980 but only
// 0.958 leave-one-out. See similarity.spec.ts, which re-measures all four.
export function blend(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  return (dice(a, b) + containment(a, b)) / 2;
}

// Midpoint of the gap around the best-F1 cut for `blend` on PARAPHRASE_PAIRS
// (highest different-matter score below it 0.334, lowest same-matter score 0.429).
export const SIMILAR_TEXT_THRESHOLD = 0.38;

export function textSimilarity(a: string, b: string): number {
  return blend(shingles(a), shingles(b));
}

// ---- MinHash ---------------------------------------------------------------------------

function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// murmur3 finaliser: a bijection on 32 bits with full avalanche, so fmix(h ^ seed_i)
// behaves like k independent hash functions over the same base hash.
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const seedCache = new Map<number, Uint32Array>();
function seeds(k: number): Uint32Array {
  let s = seedCache.get(k);
  if (!s) {
    s = new Uint32Array(k);
    let x = 0x9e3779b9;
    for (let i = 0; i < k; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      s[i] = fmix32(x);
    }
    seedCache.set(k, s);
  }
  return s;
}

/**
 * MinHash of the text's bigram set: k minimums, one per hash function. With a `key`, each bigram is
 * first hashed with HMAC-SHA256 under that key, so the signature reveals nothing about the text to
 * whoever lacks the key (intake signs; the hotspot service only compares signatures).
 */
export function minhashSignature(s: string, k = 64, key?: string): Uint32Array {
  if (!Number.isInteger(k) || k <= 0) throw new RangeError('k must be a positive integer');
  const sig = new Uint32Array(k).fill(0xffffffff);
  const seed = seeds(k);
  for (const sh of shingles(s)) {
    const base = key === undefined ? fnv1a32(sh) : createHmac('sha256', key).update(sh).digest().readUInt32LE(0);
    for (let i = 0; i < k; i++) {
      const h = fmix32(base ^ seed[i]);
      if (h < sig[i]) sig[i] = h;
    }
  }
  return sig;
}

// Inverse of fmix32: each step (xor-shift, multiply by an odd constant) is a bijection.
function unXorShift(h: number, shift: number): number {
  let r = h;
  for (let i = 0; i < 32 / shift + 1; i++) r = (h ^ (r >>> shift)) >>> 0;
  return r >>> 0;
}
function oddInverse(a: number): number {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x)) >>> 0;
  return x >>> 0;
}
const INV_C1 = oddInverse(0x85ebca6b);
const INV_C2 = oddInverse(0xc2b2ae35);
export function unfmix32(h: number): number {
  h = unXorShift(h >>> 0, 16);
  h = Math.imul(h, INV_C2) >>> 0;
  h = unXorShift(h, 13);
  h = Math.imul(h, INV_C1) >>> 0;
  return unXorShift(h, 16);
}

/**
 * The bigram hashes a signature was made of: slot i holds fmix32(base ^ seed_i) of its minimum
 * bigram, so base = unfmix32(sig[i]) ^ seed_i. A keyed signature yields keyed bigram hashes (HMAC
 * under the signing key): enough to weigh rare bigrams above common ones, nothing to read.
 * Sorted, distinct; an empty slot (no bigrams) gives none.
 */
export function signatureBigrams(sig: Uint32Array): number[] {
  const seed = seeds(sig.length);
  const out = new Set<number>();
  for (let i = 0; i < sig.length; i++) if (sig[i] !== 0xffffffff) out.add((unfmix32(sig[i]) ^ seed[i]) >>> 0);
  return [...out].sort((a, b) => a - b);
}

export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError('signatures have different lengths');
  if (a.length === 0) return 0;
  let eq = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) eq++;
  return eq / a.length;
}
