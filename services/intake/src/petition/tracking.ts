import { createHmac, randomInt, timingSafeEqual } from 'crypto';

import { chinaDate } from '@petition/clock';

// Tracking number (查询码) printed on the receipt: XF + China date YYYYMMDD + 6 random
// digits + 1 Luhn check digit over the 14 digits, e.g. XF202506015012349.
// The Luhn digit catches every single mistyped digit and most swapped neighbours
// before a lookup is made.

const PREFIX = 'XF';
const TRACKING_RE = /^XF(\d{4})(\d{2})(\d{2})\d{6}\d$/;

// Characters a petitioner cannot confuse when reading a receipt or a text message:
// no 0/O, no 1/I/L.
export const ACCESS_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ACCESS_CODE_LENGTH = 8;

function luhnCheckDigit(payload: string): number {
  let sum = 0;
  // Rightmost payload digit is doubled, because the check digit will follow it.
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function newTrackingNumber(now: Date, random?: () => number): string {
  let serial: number;
  if (random) {
    const r = random();
    if (!(r >= 0 && r < 1)) throw new RangeError('random() must return a number in [0, 1)');
    serial = Math.floor(r * 1_000_000);
  } else {
    serial = randomInt(0, 1_000_000);
  }
  const payload = chinaDate(now).replace(/-/g, '') + String(serial).padStart(6, '0');
  return PREFIX + payload + luhnCheckDigit(payload);
}

export function isValidTrackingNumber(s: string): boolean {
  const m = TRACKING_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false;
  const digits = s.slice(PREFIX.length);
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1]);
}

export function newAccessCode(): string {
  let code = '';
  for (let i = 0; i < ACCESS_CODE_LENGTH; i++) code += ACCESS_CODE_ALPHABET[randomInt(ACCESS_CODE_ALPHABET.length)];
  return code;
}

// Petitioners type the code back by hand: case, spaces and hyphens do not matter.
function canonicalAccessCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toUpperCase();
}

export function hashAccessCode(code: string, pepper: Buffer): string {
  return createHmac('sha256', pepper).update(canonicalAccessCode(code), 'utf8').digest('hex');
}

export function accessCodeMatches(code: string, hash: string, pepper: Buffer): boolean {
  if (!/^[0-9a-f]{64}$/i.test(hash)) return false;
  const expected = Buffer.from(hash, 'hex');
  const actual = Buffer.from(hashAccessCode(code, pepper), 'hex');
  return timingSafeEqual(actual, expected);
}
