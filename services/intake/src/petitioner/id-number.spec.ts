import { generateValidIdNumber, maskIdNumber, maskName, maskPhone, normalizeIdNumber, validateIdNumber } from './id-number';

// GB 11643-1999's own example. Hand check: Σ digit×weight = 167, 167 mod 11 = 2 → 'X'.
const TEXTBOOK = '11010519491231002X';
const TODAY = '2025-06-01';

describe('normalizeIdNumber', () => {
  it('trims and removes inner spaces, including full-width spaces', () => {
    expect(normalizeIdNumber('  110105 19491231 002X ')).toBe(TEXTBOOK);
    expect(normalizeIdNumber('110105\u300019491231\t002X')).toBe(TEXTBOOK);
  });

  it('converts full-width digits and X, and lower-case x', () => {
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe(TEXTBOOK);
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe(TEXTBOOK);
    expect(normalizeIdNumber('11010519491231002x')).toBe(TEXTBOOK);
  });

  it('leaves other characters for validation to reject', () => {
    expect(normalizeIdNumber('11010519491231002A')).toBe('11010519491231002A');
  });
});

describe('validateIdNumber', () => {
  it('accepts the textbook example and extracts region, birth date and gender', () => {
    expect(validateIdNumber(TEXTBOOK, TODAY)).toEqual({
      ok: true,
      value: TEXTBOOK,
      info: { regionCode: '110105', birthDate: '1949-12-31', gender: 'FEMALE' },
    });
  });

  it('accepts messy input and returns the normalised value', () => {
    const r = validateIdNumber(' １１０１０５ １９４９１２３１ ００２ｘ ', TODAY);
    expect(r).toMatchObject({ ok: true, value: TEXTBOOK });
  });

  it('reads gender from the 17th digit: odd male, even female', () => {
    const male = generateValidIdNumber('440305', '1985-07-14', 123);
    const female = generateValidIdNumber('440305', '1985-07-14', 124);
    expect(validateIdNumber(male, TODAY)).toMatchObject({ ok: true, info: { gender: 'MALE' } });
    expect(validateIdNumber(female, TODAY)).toMatchObject({ ok: true, info: { gender: 'FEMALE' } });
  });

  it('rejects a wrong check digit', () => {
    for (const wrong of '0123456789') {
      expect(validateIdNumber(TEXTBOOK.slice(0, 17) + wrong, TODAY)).toEqual({ ok: false, reason: 'CHECK_DIGIT' });
    }
  });

  it('detects every single-digit typo in the first 17 digits', () => {
    for (let i = 0; i < 17; i++) {
      if (i >= 6 && i < 14) continue; // a changed birth date may fail as BIRTH_DATE instead
      const d = (Number(TEXTBOOK[i]) + 1) % 10;
      const typo = TEXTBOOK.slice(0, i) + d + TEXTBOOK.slice(i + 1);
      expect(validateIdNumber(typo, TODAY).ok).toBe(false);
    }
  });

  it('rejects a date that does not exist (19990230), before the check digit', () => {
    expect(validateIdNumber('110105199902300021', TODAY)).toEqual({ ok: false, reason: 'BIRTH_DATE' });
    expect(validateIdNumber('110105199913010021', TODAY)).toEqual({ ok: false, reason: 'BIRTH_DATE' });
    expect(validateIdNumber('110105199900100021', TODAY)).toEqual({ ok: false, reason: 'BIRTH_DATE' });
  });

  it('knows leap years: 2000-02-29 is real, 1900-02-29 and 2023-02-29 are not', () => {
    expect(validateIdNumber(generateValidIdNumber('110101', '2000-02-29', 2), TODAY).ok).toBe(true);
    expect(validateIdNumber('110101190002290011', TODAY)).toEqual({ ok: false, reason: 'BIRTH_DATE' });
    expect(validateIdNumber('110101202302290011', TODAY)).toEqual({ ok: false, reason: 'BIRTH_DATE' });
  });

  it('rejects a birth date before 1900', () => {
    // 440524188001010014 is the other classic example; its check digit is right.
    expect(validateIdNumber('440524188001010014', TODAY)).toEqual({ ok: false, reason: 'BIRTH_DATE' });
    expect(validateIdNumber(generateValidIdNumber('110101', '1900-01-01', 1), TODAY).ok).toBe(true);
  });

  it('rejects a birth date after today, and accepts one born today', () => {
    const bornToday = generateValidIdNumber('110101', TODAY, 10);
    const bornTomorrow = generateValidIdNumber('110101', '2025-06-02', 10);
    expect(validateIdNumber(bornToday, TODAY).ok).toBe(true);
    expect(validateIdNumber(bornTomorrow, TODAY)).toEqual({ ok: false, reason: 'BIRTH_DATE' });
    expect(validateIdNumber(bornTomorrow, '2025-06-02').ok).toBe(true);
  });

  it('defaults today to the current date', () => {
    expect(validateIdNumber(TEXTBOOK).ok).toBe(true);
    const nextYear = new Date().getUTCFullYear() + 1;
    expect(validateIdNumber(generateValidIdNumber('110101', `${nextYear}-12-31`, 1))).toEqual({
      ok: false,
      reason: 'BIRTH_DATE',
    });
  });

  it('rejects a wrong length (17, 19, 15 old-style, empty)', () => {
    expect(validateIdNumber(TEXTBOOK.slice(0, 17), TODAY)).toEqual({ ok: false, reason: 'LENGTH' });
    expect(validateIdNumber(TEXTBOOK + '1', TODAY)).toEqual({ ok: false, reason: 'LENGTH' });
    expect(validateIdNumber('110105491231002', TODAY)).toEqual({ ok: false, reason: 'LENGTH' });
    expect(validateIdNumber('', TODAY)).toEqual({ ok: false, reason: 'LENGTH' });
  });

  it('rejects letters and other characters', () => {
    expect(validateIdNumber('11010519491231002A', TODAY)).toEqual({ ok: false, reason: 'FORMAT' });
    expect(validateIdNumber('1101051949123100X2', TODAY)).toEqual({ ok: false, reason: 'FORMAT' });
    expect(validateIdNumber('ABCDEFGHIJKLMNOPQR', TODAY)).toEqual({ ok: false, reason: 'FORMAT' });
    expect(validateIdNumber('110105-1949123100X', TODAY)).toEqual({ ok: false, reason: 'FORMAT' });
    expect(validateIdNumber('01010519491231002X', TODAY)).toEqual({ ok: false, reason: 'FORMAT' });
  });

  it('throws on a malformed today argument (a programming error, not bad input)', () => {
    expect(() => validateIdNumber(TEXTBOOK, '2025/06/01')).toThrow(RangeError);
  });
});

describe('generateValidIdNumber', () => {
  it('reproduces the textbook example', () => {
    expect(generateValidIdNumber('110105', '1949-12-31', 2)).toBe(TEXTBOOK);
    expect(generateValidIdNumber('110105', '19491231', 2)).toBe(TEXTBOOK);
  });

  it('generates numbers that validate, for many dates and sequences', () => {
    const regions = ['110105', '440305', '320102', '510104', '650102'];
    let n = 0;
    for (const region of regions)
      for (let year = 1900; year <= 2024; year += 7)
        for (let seq = 0; seq < 1000; seq += 97) {
          const date = `${year}-${String((seq % 12) + 1).padStart(2, '0')}-${String((seq % 28) + 1).padStart(2, '0')}`;
          const id = generateValidIdNumber(region, date, seq);
          const r = validateIdNumber(id, TODAY);
          expect(r).toMatchObject({ ok: true, info: { regionCode: region, birthDate: date } });
          n++;
        }
    expect(n).toBeGreaterThan(500);
  });

  it('uses X as check character where the sum demands it', () => {
    const ids = Array.from({ length: 200 }, (_, i) => generateValidIdNumber('440305', '1985-07-14', i));
    expect(ids.some((id) => id.endsWith('X'))).toBe(true);
    expect(new Set(ids).size).toBe(200);
  });

  it('rejects bad arguments', () => {
    expect(() => generateValidIdNumber('11010', '1949-12-31', 2)).toThrow(RangeError);
    expect(() => generateValidIdNumber('011010', '1949-12-31', 2)).toThrow(RangeError);
    expect(() => generateValidIdNumber('110105', '1999-02-30', 2)).toThrow(RangeError);
    expect(() => generateValidIdNumber('110105', '1899-12-31', 2)).toThrow(RangeError);
    expect(() => generateValidIdNumber('110105', '1949-12-31', 1000)).toThrow(RangeError);
    expect(() => generateValidIdNumber('110105', '1949-12-31', -1)).toThrow(RangeError);
    expect(() => generateValidIdNumber('110105', '1949-12-31', 1.5)).toThrow(RangeError);
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 3 and last 4 characters with 11 asterisks', () => {
    expect(maskIdNumber('110105194912311234')).toBe('110***********1234');
    expect(maskIdNumber(TEXTBOOK)).toBe('110***********002X');
  });

  it('masks the normalised form of messy input', () => {
    expect(maskIdNumber(' 11010519491231002x ')).toBe('110***********002X');
  });

  it('hides a too-short value completely', () => {
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskPhone', () => {
  it('masks the middle 4 digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(' 138 1234 5678 ')).toBe('138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
  });

  it('never shows more than 3 + 4 characters of other numbers', () => {
    expect(maskPhone('01012345678')).toBe('010****5678');
    expect(maskPhone('+8613812345678')).toBe('+86*******5678');
    expect(maskPhone('12345')).toBe('*****');
  });
});

describe('maskName', () => {
  it('keeps the first character and masks each remaining one', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName(' 李四 ')).toBe('李*');
  });

  it('masks a one-character name completely and handles empty input', () => {
    expect(maskName('明')).toBe('*');
    expect(maskName('')).toBe('');
  });

  it('counts characters outside the BMP as one character', () => {
    expect(maskName('𠮷野家')).toBe('𠮷**');
  });
});
