import { createHmac, randomBytes } from 'crypto';
import { PiiCipher } from './pii-cipher';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const indexKey = randomBytes(32);
const ID = '11010519491231002X';
const TEXT = '张三丰，北京市朝阳区建国路88号，身份证11010519491231002X';

function cipher(activeKeyId = 'k1', keys: Record<string, Buffer> = { k1, k2 }): PiiCipher {
  return new PiiCipher({ keys, activeKeyId, indexKey });
}

function b64url(s: string): Buffer {
  return Buffer.from(s, 'base64url');
}

describe('PiiCipher encrypt / decrypt', () => {
  it('round-trips Chinese text, emoji, and the empty string', () => {
    const c = cipher();
    for (const plain of [TEXT, '维吾尔族·买买提 😀', '', 'a'.repeat(10_000)]) {
      expect(c.decrypt(c.encrypt(plain))).toBe(plain);
    }
  });

  it('produces v1.<keyId>.<iv>.<tag>.<ciphertext> with a 12-byte IV and 16-byte tag, in base64url', () => {
    const token = cipher().encrypt(TEXT);
    const parts = token.split('.');
    expect(parts).toHaveLength(5);
    expect(parts[0]).toBe('v1');
    expect(parts[1]).toBe('k1');
    for (const p of parts.slice(2)) expect(p).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(b64url(parts[2])).toHaveLength(12);
    expect(b64url(parts[3])).toHaveLength(16);
    expect(b64url(parts[4])).toHaveLength(Buffer.byteLength(TEXT, 'utf8'));
  });

  it('does not contain the plaintext', () => {
    const token = cipher().encrypt(ID);
    expect(token).not.toContain(ID);
    expect(token).not.toContain(Buffer.from(ID).toString('base64url'));
  });

  it('uses a different IV (and so a different token) every time', () => {
    const c = cipher();
    const tokens = Array.from({ length: 50 }, () => c.encrypt(ID));
    expect(new Set(tokens).size).toBe(50);
    expect(new Set(tokens.map((t) => t.split('.')[2])).size).toBe(50);
    for (const t of tokens) expect(c.decrypt(t)).toBe(ID);
  });
});

describe('PiiCipher key rotation', () => {
  it('encrypts with the active key and decrypts tokens of every configured key', () => {
    const before = cipher('k1').encrypt('旧数据');
    const after = cipher('k2');
    const fresh = after.encrypt('新数据');
    expect(before.split('.')[1]).toBe('k1');
    expect(fresh.split('.')[1]).toBe('k2');
    expect(after.decrypt(before)).toBe('旧数据');
    expect(after.decrypt(fresh)).toBe('新数据');
  });

  it('cannot decrypt a token whose key was removed, and says which key id is missing', () => {
    const token = cipher('k1').encrypt(TEXT);
    const withoutK1 = cipher('k2', { k2 });
    expect(() => withoutK1.decrypt(token)).toThrow(/unknown key id "k1"/);
  });
});

describe('PiiCipher tamper detection', () => {
  const c = cipher();
  const token = c.encrypt(TEXT);
  const [v, kid, iv, tag, ct] = token.split('.');

  function flipFirstByte(part: string): string {
    const b = b64url(part);
    b[0] ^= 0x01;
    return b.toString('base64url');
  }

  const cases: Array<[string, string]> = [
    ['ciphertext', [v, kid, iv, tag, flipFirstByte(ct)].join('.')],
    ['tag', [v, kid, iv, flipFirstByte(tag), ct].join('.')],
    ['iv', [v, kid, flipFirstByte(iv), tag, ct].join('.')],
    ['key id relabelled', [v, 'k2', iv, tag, ct].join('.')],
    ['version', ['v2', kid, iv, tag, ct].join('.')],
    ['truncated ciphertext', [v, kid, iv, tag, ct.slice(0, -4)].join('.')],
    ['missing part', [v, kid, iv, tag].join('.')],
    ['extra part', [v, kid, iv, tag, ct, 'x'].join('.')],
    ['not base64url', [v, kid, iv, tag, ct + '!'].join('.')],
    ['short IV', [v, kid, iv.slice(0, 8), tag, ct].join('.')],
    ['empty', ''],
  ];

  it.each(cases)('rejects a token with a modified %s', (_, bad) => {
    expect(() => c.decrypt(bad)).toThrow(Error);
  });

  it('never puts plaintext or token material into the error message', () => {
    for (const [, bad] of cases) {
      let message = '';
      try {
        c.decrypt(bad);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^PII token cannot be decrypted/);
      expect(message).not.toContain('张三丰');
      expect(message).not.toContain(ID);
      expect(message).not.toContain(ct.slice(0, 8));
      expect(message).not.toContain(iv);
    }
  });

  it('rejects a token encrypted under a different key with the same id', () => {
    const other = new PiiCipher({ keys: { k1: randomBytes(32) }, activeKeyId: 'k1', indexKey });
    expect(() => c.decrypt(other.encrypt(TEXT))).toThrow(/authentication failed/);
  });
});

describe('PiiCipher blindIndex', () => {
  it('is a stable 64-character hex HMAC-SHA256', () => {
    const c = cipher();
    const h = c.blindIndex(ID);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(c.blindIndex(ID)).toBe(h);
    expect(cipher('k2').blindIndex(ID)).toBe(h); // independent of the encryption keys
    expect(h).not.toContain(ID);
  });

  it('depends on the value and on the index key', () => {
    const c = cipher();
    expect(c.blindIndex(ID)).not.toBe(c.blindIndex('110105194912310021'));
    const other = new PiiCipher({ keys: { k1 }, activeKeyId: 'k1', indexKey: randomBytes(32) });
    expect(other.blindIndex(ID)).not.toBe(c.blindIndex(ID));
  });

  it('matches an independent HMAC computation for a fixed key', () => {
    const fixed = new PiiCipher({ keys: { k1 }, activeKeyId: 'k1', indexKey: Buffer.alloc(32, 7) });
    const expected = createHmac('sha256', Buffer.alloc(32, 7)).update(ID).digest('hex');
    expect(fixed.blindIndex(ID)).toBe(expected);
  });
});

describe('PiiCipher constructor', () => {
  it('rejects an active key that is not configured, wrong key lengths and bad key ids', () => {
    expect(() => cipher('k3')).toThrow(/active key "k3"/);
    expect(() => new PiiCipher({ keys: { k1: randomBytes(16) }, activeKeyId: 'k1', indexKey })).toThrow(/32 bytes/);
    expect(() => new PiiCipher({ keys: { k1 }, activeKeyId: 'k1', indexKey: randomBytes(31) })).toThrow(/index key/);
    expect(() => new PiiCipher({ keys: { 'k.1': k1 }, activeKeyId: 'k.1', indexKey })).toThrow(/key id/);
  });
});

describe('PiiCipher.fromEnv', () => {
  const env = {
    PII_KEYS: `k1:${k1.toString('base64')},k2:${k2.toString('base64')}`,
    PII_ACTIVE_KEY: 'k2',
    PII_INDEX_KEY: indexKey.toString('base64'),
  };

  function errorOf(e: Parameters<typeof PiiCipher.fromEnv>[0]): string {
    try {
      PiiCipher.fromEnv(e);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('expected fromEnv to throw');
  }

  it('builds a working cipher that uses the active key and reads older keys', () => {
    const c = PiiCipher.fromEnv(env);
    const token = c.encrypt(TEXT);
    expect(token.split('.')[1]).toBe('k2');
    expect(c.decrypt(token)).toBe(TEXT);
    expect(c.decrypt(cipher('k1').encrypt(TEXT))).toBe(TEXT);
    expect(c.blindIndex(ID)).toBe(cipher().blindIndex(ID));
  });

  it('tolerates spaces around entries and base64url keys', () => {
    const c = PiiCipher.fromEnv({
      PII_KEYS: ` k1 : ${k1.toString('base64url')} , k2:${k2.toString('base64')} `,
      PII_ACTIVE_KEY: ' k1 ',
      PII_INDEX_KEY: ` ${indexKey.toString('base64')}\n`,
    });
    expect(c.decrypt(cipher('k1').encrypt(TEXT))).toBe(TEXT);
  });

  it('lists every missing variable at once', () => {
    const msg = errorOf({});
    expect(msg).toContain('PII_KEYS is missing');
    expect(msg).toContain('PII_ACTIVE_KEY is missing');
    expect(msg).toContain('PII_INDEX_KEY is missing');
  });

  it('lists every wrong length and malformed entry, without echoing key material', () => {
    const short = randomBytes(16).toString('base64');
    const longIndex = randomBytes(48).toString('base64');
    const msg = errorOf({
      PII_KEYS: `k1:${short},k2:${k2.toString('base64')},broken,k3:!!notbase64!!,k2:${k1.toString('base64')}`,
      PII_ACTIVE_KEY: 'k9',
      PII_INDEX_KEY: longIndex,
    });
    expect(msg).toContain('PII_KEYS key "k1" is 16 bytes, must be 32');
    expect(msg).toContain('PII_KEYS entry 3 is not <keyId>:<base64>');
    expect(msg).toContain('PII_KEYS key "k3" is not valid base64');
    expect(msg).toContain('"k2" more than once');
    expect(msg).toContain('PII_ACTIVE_KEY "k9" does not name a valid key');
    expect(msg).toContain('PII_INDEX_KEY is 48 bytes, must be 32');
    for (const secret of [short, longIndex, k1.toString('base64'), k2.toString('base64'), 'notbase64']) {
      expect(msg).not.toContain(secret);
    }
  });

  it('does not echo a key pasted into PII_ACTIVE_KEY by mistake', () => {
    const pasted = k1.toString('base64');
    const msg = errorOf({ ...env, PII_ACTIVE_KEY: pasted });
    expect(msg).toContain('PII_ACTIVE_KEY does not name a valid key');
    expect(msg).not.toContain(pasted);
  });

  it('reports an active key id whose key was invalid', () => {
    const msg = errorOf({ ...env, PII_KEYS: `k2:${randomBytes(8).toString('base64')}` });
    expect(msg).toContain('PII_KEYS key "k2" is 8 bytes');
    expect(msg).toContain('PII_ACTIVE_KEY "k2" does not name a valid key');
  });

  it('refuses an index key equal to an encryption key', () => {
    expect(errorOf({ ...env, PII_INDEX_KEY: k1.toString('base64') })).toContain('must differ');
  });
});
