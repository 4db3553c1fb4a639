import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'crypto';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Key ids travel inside the dot-separated token, so they may not contain a dot.
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;
const B64URL_RE = /^[A-Za-z0-9_-]*$/;

export interface PiiCipherOptions {
  keys: Record<string, Buffer> /* keyId → 32-byte key */;
  activeKeyId: string;
  indexKey: Buffer;
}

export interface PiiEnv {
  PII_KEYS?: string;
  PII_ACTIVE_KEY?: string;
  PII_INDEX_KEY?: string;
}

// Every failure message is fixed text plus at most the key id: never plaintext,
// ciphertext or key material, since these errors end up in logs.
function decryptError(why: string): Error {
  return new Error(`PII token cannot be decrypted: ${why}`);
}

function decodeBase64Key(s: string): Buffer | undefined {
  const t = s.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return undefined;
  return Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

export class PiiCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly activeKeyId: string;
  private readonly indexKey: Buffer;

  constructor(opts: PiiCipherOptions) {
    const problems: string[] = [];
    const keys = new Map<string, Buffer>();
    for (const [id, key] of Object.entries(opts.keys)) {
      const shown = KEY_ID_RE.test(id) ? `"${id}"` : '(invalid id)';
      if (!KEY_ID_RE.test(id)) problems.push(`a key id must match ${KEY_ID_RE.source}`);
      if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) problems.push(`key ${shown} must be ${KEY_BYTES} bytes`);
      keys.set(id, Buffer.from(key));
    }
    if (!keys.has(opts.activeKeyId))
      problems.push(`active key ${KEY_ID_RE.test(opts.activeKeyId) ? `"${opts.activeKeyId}"` : ''} is not among the keys`);
    if (!Buffer.isBuffer(opts.indexKey) || opts.indexKey.length !== KEY_BYTES) problems.push(`index key must be ${KEY_BYTES} bytes`);
    if (problems.length > 0) throw new Error(`Invalid PII cipher configuration: ${problems.join('; ')}`);
    this.keys = keys;
    this.activeKeyId = opts.activeKeyId;
    this.indexKey = Buffer.from(opts.indexKey);
  }

  encrypt(plain: string): string {
    const key = this.keys.get(this.activeKeyId)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv);
    // The header is authenticated too, so a token cannot be relabelled to another key id.
    cipher.setAAD(Buffer.from(`${VERSION}.${this.activeKeyId}`, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.activeKeyId, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  decrypt(token: string): string {
    const parts = token.split('.');
    if (parts.length !== 5) throw decryptError('malformed token');
    const [version, keyId, ivB64, tagB64, ctB64] = parts;
    if (version !== VERSION) throw decryptError('unsupported version');
    const key = this.keys.get(keyId);
    if (!key) throw decryptError(KEY_ID_RE.test(keyId) ? `unknown key id "${keyId}"` : 'unknown key id');
    if (![ivB64, tagB64, ctB64].every((p) => B64URL_RE.test(p))) throw decryptError('malformed token');
    const iv = Buffer.from(ivB64, 'base64url');
    const tag = Buffer.from(tagB64, 'base64url');
    const ciphertext = Buffer.from(ctB64, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw decryptError('malformed token');
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(`${version}.${keyId}`, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw decryptError('authentication failed (tampered token or wrong key)');
    }
  }

  // Deterministic keyed hash to find equal values without storing them in clear.
  // Callers pass the normalised value (e.g. normalizeIdNumber) so that equal
  // values written differently still match.
  blindIndex(value: string): string {
    return createHmac('sha256', this.indexKey).update(value, 'utf8').digest('hex');
  }

  static fromEnv(env: PiiEnv): PiiCipher {
    const problems: string[] = [];
    const keys: Record<string, Buffer> = {};

    const rawKeys = env.PII_KEYS?.trim();
    if (!rawKeys) {
      problems.push('PII_KEYS is missing (format: k1:<base64 32 bytes>,k2:<base64 32 bytes>)');
    } else {
      rawKeys.split(',').forEach((entry, i) => {
        const colon = entry.indexOf(':');
        const id = colon < 0 ? '' : entry.slice(0, colon).trim();
        if (colon < 0 || !KEY_ID_RE.test(id)) {
          problems.push(`PII_KEYS entry ${i + 1} is not <keyId>:<base64> with keyId matching ${KEY_ID_RE.source}`);
          return;
        }
        if (id in keys) {
          problems.push(`PII_KEYS has key id "${id}" more than once`);
          return;
        }
        const key = decodeBase64Key(entry.slice(colon + 1));
        if (!key) problems.push(`PII_KEYS key "${id}" is not valid base64`);
        else if (key.length !== KEY_BYTES) problems.push(`PII_KEYS key "${id}" is ${key.length} bytes, must be ${KEY_BYTES}`);
        else keys[id] = key;
      });
    }

    const active = env.PII_ACTIVE_KEY?.trim();
    if (!active) problems.push('PII_ACTIVE_KEY is missing');
    else if (!(active in keys))
      // Not echoed unless it looks like a key id: someone may have pasted a key here.
      problems.push(`PII_ACTIVE_KEY ${KEY_ID_RE.test(active) ? `"${active}" ` : ''}does not name a valid key in PII_KEYS`);

    let indexKey: Buffer | undefined;
    const rawIndex = env.PII_INDEX_KEY?.trim();
    if (!rawIndex) problems.push('PII_INDEX_KEY is missing (base64, 32 bytes)');
    else {
      indexKey = decodeBase64Key(rawIndex);
      if (!indexKey) problems.push('PII_INDEX_KEY is not valid base64');
      else if (indexKey.length !== KEY_BYTES) problems.push(`PII_INDEX_KEY is ${indexKey.length} bytes, must be ${KEY_BYTES}`);
      // Key separation: the index key only hashes; it must never be able to decrypt.
      else if (Object.values(keys).some((k) => k.equals(indexKey!))) problems.push('PII_INDEX_KEY must differ from every key in PII_KEYS');
    }

    if (problems.length > 0) throw new Error(`Invalid PII configuration:\n- ${problems.join('\n- ')}`);
    return new PiiCipher({ keys, activeKeyId: active!, indexKey: indexKey! });
  }
}
