import { chinaDate } from '@petition/clock';

// 居民身份证号码, GB 11643-1999: 6-digit region code, 8-digit birth date (YYYYMMDD),
// 3-digit sequence (odd = male, even = female), ISO 7064 MOD 11-2 check character.

export interface IdNumberInfo {
  regionCode: string;
  birthDate: string /* YYYY-MM-DD */;
  gender: 'MALE' | 'FEMALE';
}

export type IdNumberValidation =
  { ok: true; value: string; info: IdNumberInfo } | { ok: false; reason: 'LENGTH' | 'FORMAT' | 'BIRTH_DATE' | 'CHECK_DIGIT' };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const MIN_BIRTH_DATE = '1900-01-01';

export function normalizeIdNumber(raw: string): string {
  return raw
    .replace(/[\s\u3000]+/g, '')
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[xX\uFF38\uFF58]/g, 'X');
}

function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

// Accepts YYYYMMDD or YYYY-MM-DD; returns YYYY-MM-DD or undefined when not a real date.
function parseDate(s: string): string | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(y, mo, d) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

export function validateIdNumber(raw: string, today: string = chinaDate(new Date())): IdNumberValidation {
  const value = normalizeIdNumber(raw);
  if (value.length !== 18) return { ok: false, reason: 'LENGTH' };
  if (!/^[1-9]\d{16}[\dX]$/.test(value)) return { ok: false, reason: 'FORMAT' };

  const birthDate = parseDate(value.slice(6, 14));
  const todayDate = parseDate(today);
  if (!todayDate) throw new RangeError('today must be a date YYYY-MM-DD');
  if (!birthDate || birthDate < MIN_BIRTH_DATE || birthDate > todayDate) return { ok: false, reason: 'BIRTH_DATE' };

  if (checkChar(value.slice(0, 17)) !== value[17]) return { ok: false, reason: 'CHECK_DIGIT' };

  return {
    ok: true,
    value,
    info: {
      regionCode: value.slice(0, 6),
      birthDate,
      gender: Number(value[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
    },
  };
}

export function generateValidIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  if (!/^[1-9]\d{5}$/.test(regionCode)) throw new RangeError('regionCode must be 6 digits, not starting with 0');
  const date = parseDate(birthDate);
  if (!date || date < MIN_BIRTH_DATE) throw new RangeError('birthDate must be a real date YYYY-MM-DD from 1900 on');
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) throw new RangeError('sequence must be an integer 0..999');
  const first17 = regionCode + date.replace(/-/g, '') + String(sequence).padStart(3, '0');
  return first17 + checkChar(first17);
}

// Masks keep a fixed shape for the documented lengths and never reveal more than
// the first 3 and last 4 characters; anything too short to mask that way is fully hidden.
function maskMiddle(s: string, keepStart: number, keepEnd: number): string {
  const chars = Array.from(s);
  if (chars.length <= keepStart + keepEnd) return '*'.repeat(chars.length);
  return chars.slice(0, keepStart).join('') + '*'.repeat(chars.length - keepStart - keepEnd) + chars.slice(chars.length - keepEnd).join('');
}

export function maskIdNumber(id: string): string {
  return maskMiddle(normalizeIdNumber(id), 3, 4);
}

export function maskPhone(p: string): string {
  return maskMiddle(p.replace(/[\s\u3000-]+/g, ''), 3, 4);
}

export function maskName(n: string): string {
  const chars = Array.from(n.trim());
  if (chars.length === 0) return '';
  // A one-character name cannot keep its first character and still be masked.
  if (chars.length === 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}
