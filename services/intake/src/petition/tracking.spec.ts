import { randomBytes } from 'crypto';
import {
  ACCESS_CODE_ALPHABET,
  ACCESS_CODE_LENGTH,
  accessCodeMatches,
  hashAccessCode,
  isValidTrackingNumber,
  newAccessCode,
  newTrackingNumber,
} from './tracking';

const fixed = (r: number) => () => r;

// Independent Luhn validation (the textbook algorithm over the whole number,
// check digit included), to test the generator against something it does not share.
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

describe('newTrackingNumber', () => {
  it('is XF + China date + 6 random digits + 1 check digit', () => {
    const t = newTrackingNumber(new Date('2025-06-01T10:00:00+08:00'), fixed(0.5012345));
    expect(t).toMatch(/^XF\d{15}$/);
    expect(t.slice(0, 16)).toBe('XF20250601501234');
    expect(luhnValid(t.slice(2))).toBe(true);
    expect(t).toBe('XF202506015012349');
  });

  it('the reference Luhn check used by these tests agrees with the textbook example', () => {
    // 7992739871 has check digit 3 (the standard Luhn worked example)
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });

  it('uses the date in China, not UTC', () => {
    // 2025-05-31 16:30 UTC is already 2025-06-01 00:30 in Beijing
    expect(newTrackingNumber(new Date('2025-05-31T16:30:00Z'), fixed(0)).slice(2, 10)).toBe('20250601');
    // 2025-06-01 15:59 UTC is still 2025-06-01 23:59 in Beijing
    expect(newTrackingNumber(new Date('2025-06-01T15:59:00Z'), fixed(0)).slice(2, 10)).toBe('20250601');
    expect(newTrackingNumber(new Date('2025-06-01T16:00:00Z'), fixed(0)).slice(2, 10)).toBe('20250602');
    expect(newTrackingNumber(new Date('2024-12-31T16:00:00Z'), fixed(0)).slice(2, 10)).toBe('20250101');
  });

  it('maps random() onto 000000..999999 with leading zeros', () => {
    const now = new Date('2025-06-01T02:00:00Z');
    expect(newTrackingNumber(now, fixed(0)).slice(10, 16)).toBe('000000');
    expect(newTrackingNumber(now, fixed(0.000042)).slice(10, 16)).toBe('000042');
    expect(newTrackingNumber(now, fixed(0.9999999)).slice(10, 16)).toBe('999999');
  });

  it('rejects a random() outside [0, 1) and an invalid date', () => {
    const now = new Date('2025-06-01T02:00:00Z');
    expect(() => newTrackingNumber(now, fixed(1))).toThrow(RangeError);
    expect(() => newTrackingNumber(now, fixed(-0.1))).toThrow(RangeError);
    expect(() => newTrackingNumber(now, fixed(Number.NaN))).toThrow(RangeError);
    expect(() => newTrackingNumber(new Date('nope'))).toThrow(RangeError);
  });

  it('uses crypto randomness by default: valid and varied', () => {
    const now = new Date();
    const many = Array.from({ length: 200 }, () => newTrackingNumber(now));
    for (const t of many) expect(isValidTrackingNumber(t)).toBe(true);
    expect(new Set(many).size).toBeGreaterThan(190);
  });
});

describe('isValidTrackingNumber', () => {
  const good = newTrackingNumber(new Date('2025-06-01T10:00:00+08:00'), fixed(0.5012345));

  it('accepts generated numbers for many dates and serials', () => {
    for (let day = 0; day < 400; day += 13)
      for (const r of [0, 0.123456, 0.5, 0.999999]) {
        const t = newTrackingNumber(new Date(Date.UTC(2024, 0, 1) + day * 86_400_000), fixed(r));
        expect(isValidTrackingNumber(t)).toBe(true);
        expect(luhnValid(t.slice(2))).toBe(true);
      }
  });

  it('catches every single-digit typo', () => {
    for (let i = 2; i < good.length; i++)
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[i]) continue;
        expect(isValidTrackingNumber(good.slice(0, i) + d + good.slice(i + 1))).toBe(false);
      }
  });

  it('catches swapped neighbouring digits (except the 0↔9 pair Luhn cannot see)', () => {
    for (let i = 2; i < good.length - 1; i++) {
      const [x, y] = [good[i], good[i + 1]];
      if (x === y || (x + y).match(/^(09|90)$/)) continue;
      expect(isValidTrackingNumber(good.slice(0, i) + y + x + good.slice(i + 2))).toBe(false);
    }
  });

  it('rejects wrong prefix, case, length, whitespace and impossible dates', () => {
    expect(isValidTrackingNumber(good)).toBe(true);
    expect(isValidTrackingNumber('XX' + good.slice(2))).toBe(false);
    expect(isValidTrackingNumber('xf' + good.slice(2))).toBe(false);
    expect(isValidTrackingNumber(good.slice(0, -1))).toBe(false);
    expect(isValidTrackingNumber(good + '0')).toBe(false);
    expect(isValidTrackingNumber(` ${good}`)).toBe(false);
    expect(isValidTrackingNumber('')).toBe(false);
    // Build Luhn-valid numbers with impossible dates to make sure the date is checked.
    for (const date of ['20250230', '20251301', '20250000']) {
      const payload = date + '123456';
      const check = [...'0123456789'].find((c) => luhnValid(payload + c))!;
      expect(isValidTrackingNumber(`XF${payload}${check}`)).toBe(false);
    }
  });
});

describe('newAccessCode', () => {
  it('is 8 characters from the unambiguous alphabet', () => {
    for (let i = 0; i < 500; i++) {
      const c = newAccessCode();
      expect(c).toHaveLength(ACCESS_CODE_LENGTH);
      expect(c).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
      expect(c).not.toMatch(/[01OIL]/);
    }
  });

  it('alphabet has no 0/O/1/I/L and no duplicates', () => {
    expect(ACCESS_CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(new Set(ACCESS_CODE_ALPHABET).size).toBe(ACCESS_CODE_ALPHABET.length);
  });

  it('is random: no repeats in 2000 codes and every character is used', () => {
    const codes = Array.from({ length: 2000 }, newAccessCode);
    expect(new Set(codes).size).toBe(2000);
    const seen = new Set(codes.join(''));
    expect(seen.size).toBe(ACCESS_CODE_ALPHABET.length);
  });
});

describe('hashAccessCode / accessCodeMatches', () => {
  const pepper = randomBytes(32);

  it('is a 64-character hex HMAC, stable for the same pepper', () => {
    const h = hashAccessCode('ABCD2345', pepper);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAccessCode('ABCD2345', pepper)).toBe(h);
    expect(h).not.toContain('ABCD2345');
  });

  it('depends on the pepper', () => {
    expect(hashAccessCode('ABCD2345', randomBytes(32))).not.toBe(hashAccessCode('ABCD2345', pepper));
  });

  it('matches the right code, ignoring case, spaces and hyphens typed by the petitioner', () => {
    const code = newAccessCode();
    const h = hashAccessCode(code, pepper);
    expect(accessCodeMatches(code, h, pepper)).toBe(true);
    expect(accessCodeMatches(code.toLowerCase(), h, pepper)).toBe(true);
    expect(accessCodeMatches(`${code.slice(0, 4)}-${code.slice(4)}`, h, pepper)).toBe(true);
    expect(accessCodeMatches(` ${code.slice(0, 4)} ${code.slice(4)} `, h, pepper)).toBe(true);
    expect(accessCodeMatches(code, h.toUpperCase(), pepper)).toBe(true);
  });

  it('rejects a wrong code, a wrong pepper, and a malformed hash without throwing', () => {
    const h = hashAccessCode('ABCD2345', pepper);
    expect(accessCodeMatches('ABCD2346', h, pepper)).toBe(false);
    expect(accessCodeMatches('', h, pepper)).toBe(false);
    expect(accessCodeMatches('ABCD2345', h, randomBytes(32))).toBe(false);
    expect(accessCodeMatches('ABCD2345', h.slice(0, 62), pepper)).toBe(false);
    expect(accessCodeMatches('ABCD2345', '', pepper)).toBe(false);
    expect(accessCodeMatches('ABCD2345', 'z'.repeat(64), pepper)).toBe(false);
  });
});
