import { estimateJaccard, fmix32, minhashSignature } from './similarity';

// The content signature that travels in `intake.petition.registered`: a keyed MinHash of the
// petition's text. The text itself (which may name people) never leaves intake; a signature
// lets the hotspot service find near-duplicate matters filed by different people.

/** Hash functions per signature. 128 keeps the Jaccard estimate's error near ±0.04 at 0.3. */
export const SIGNATURE_SIZE = 128;
/** Rows per LSH band: 64 bands of 2 rows find pairs at Jaccard 0.3 with probability 0.998. */
export const LSH_ROWS = 2;

export function contentSignature(text: string, key: string, k = SIGNATURE_SIZE): Uint32Array {
  if (!key) throw new RangeError('a signature key is required');
  return minhashSignature(text, k, key);
}

export function encodeSignature(sig: Uint32Array): string {
  const bytes = Buffer.alloc(sig.length * 4);
  sig.forEach((v, i) => bytes.writeUInt32LE(v, i * 4));
  return bytes.toString('base64');
}

export function decodeSignature(encoded: string): Uint32Array {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0 || bytes.toString('base64') !== encoded) {
    throw new RangeError('not a base64 content signature');
  }
  const sig = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < sig.length; i++) sig[i] = bytes.readUInt32LE(i * 4);
  return sig;
}

/** Whether a signature is empty (the text had no characters left after normalisation). */
export function isEmptySignature(sig: Uint32Array): boolean {
  return sig.every((v) => v === 0xffffffff);
}

/**
 * LSH band keys: the signature cut into bands of `rows` values, each band hashed to 32 bits and
 * tagged with its band number (key = band × 2³² + hash, an exact integer in a JS number and a
 * PostgreSQL bigint). Two signatures share a key when they agree on a whole band.
 */
export function lshBandKeys(sig: Uint32Array, rows = LSH_ROWS): number[] {
  if (!Number.isInteger(rows) || rows <= 0 || sig.length % rows !== 0) throw new RangeError('rows must divide the signature length');
  const keys: number[] = [];
  for (let band = 0; band < sig.length / rows; band++) {
    let h = 0x9e3779b9 ^ band;
    for (let r = 0; r < rows; r++) h = fmix32((h ^ sig[band * rows + r]) >>> 0);
    keys.push(band * 0x1_0000_0000 + h);
  }
  return keys;
}

export { estimateJaccard };
