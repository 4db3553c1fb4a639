import {
  DEFAULT_SCHEDULE,
  SENSITIVE_CADENCE,
  UNIT_LEVELS,
  chinaDay,
  parseSchedule,
  periodByKey,
  periodContaining,
  periodsDueBetween,
  periodsOverlapping,
  sensitiveDays,
  timeliness,
  type Cadence,
  type ScreeningPeriod,
} from './schedule';

const WEEKLY: Cadence = { kind: 'WEEKLY', dueWeekday: 5, dueTime: '17:00' };
const HALF: Cadence = { kind: 'HALF_MONTHLY', dueTime: '17:00' };
const MONTHLY: Cadence = { kind: 'MONTHLY', dueTime: '17:00' };
const DAILY: Cadence = { kind: 'DAILY', dueTime: '17:00' };
const ALL: Cadence[] = [WEEKLY, HALF, MONTHLY, DAILY];

// An instant given as China wall-clock time.
const china = (local: string): Date => new Date(`${local}+08:00`);

const plain = (p: ScreeningPeriod) => ({ key: p.key, kind: p.kind, startsOn: p.startsOn, endsOn: p.endsOn, dueAt: p.dueAt.toISOString() });

// Independent ISO-8601 week reference (the ordinal-date formula, not the Thursday rule the implementation uses).
function referenceIsoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const year = date.getUTCFullYear();
  const ordinal = (date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1;
  const weekday = date.getUTCDay() || 7;
  const weeksIn = (y: number): number => {
    const jan1 = new Date(Date.UTC(y, 0, 1)).getUTCDay() || 7;
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
  };
  let week = Math.floor((ordinal - weekday + 10) / 7);
  let weekYear = year;
  if (week < 1) {
    weekYear = year - 1;
    week = weeksIn(weekYear);
  } else if (week > weeksIn(year)) {
    weekYear = year + 1;
    week = 1;
  }
  return `W${weekYear}-W${String(week).padStart(2, '0')}`;
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

describe('defaults', () => {
  it('villages weekly on Friday 17:00, townships half-monthly, districts monthly; sensitive periods daily', () => {
    expect(UNIT_LEVELS).toEqual(['VILLAGE', 'TOWNSHIP', 'DISTRICT']);
    expect(DEFAULT_SCHEDULE).toEqual({
      VILLAGE: { kind: 'WEEKLY', dueWeekday: 5, dueTime: '17:00' },
      TOWNSHIP: { kind: 'HALF_MONTHLY', dueTime: '17:00' },
      DISTRICT: { kind: 'MONTHLY', dueTime: '17:00' },
    });
    expect(SENSITIVE_CADENCE).toEqual({ kind: 'DAILY', dueTime: '17:00' });
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(UNIT_LEVELS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SCHEDULE)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SCHEDULE.VILLAGE)).toBe(true);
    expect(Object.isFrozen(SENSITIVE_CADENCE)).toBe(true);
  });
});

describe('chinaDay', () => {
  it('uses the China date, not the UTC date, at midnight boundaries', () => {
    expect(chinaDay(new Date('2026-11-20T15:59:59.999Z'))).toBe('2026-11-20');
    expect(chinaDay(new Date('2026-11-20T16:00:00Z'))).toBe('2026-11-21'); // 00:00 in China
    expect(chinaDay(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(chinaDay(new Date('2028-02-28T16:00:00Z'))).toBe('2028-02-29');
    expect(chinaDay(china('2026-11-21T23:59:59.999'))).toBe('2026-11-21');
    expect(chinaDay(new Date('1969-12-31T16:00:00Z'))).toBe('1970-01-01');
    expect(chinaDay(new Date('1969-12-31T15:59:59.999Z'))).toBe('1969-12-31');
  });

  it('rejects an invalid Date and dates beyond year 9999', () => {
    expect(() => chinaDay(new Date('nope'))).toThrow(RangeError);
    expect(() => chinaDay('2026-11-21' as unknown as Date)).toThrow(RangeError);
    expect(() => chinaDay(new Date('9999-12-31T16:00:00Z'))).toThrow(RangeError);
  });
});

describe('WEEKLY periods', () => {
  it('covers the ISO week Monday–Sunday and is due on Friday 17:00 China time', () => {
    expect(plain(periodContaining(WEEKLY, china('2026-11-21T10:00:00')))).toEqual({
      key: 'W2026-W47',
      kind: 'WEEKLY',
      startsOn: '2026-11-16',
      endsOn: '2026-11-22',
      dueAt: '2026-11-20T09:00:00.000Z',
    });
  });

  it('puts 2026-12-31 and 2027-01-01 in 2026-W53, whose Friday falls in the next year', () => {
    for (const day of ['2026-12-28', '2026-12-31', '2027-01-01', '2027-01-03']) {
      expect(plain(periodContaining(WEEKLY, china(`${day}T12:00:00`)))).toEqual({
        key: 'W2026-W53',
        kind: 'WEEKLY',
        startsOn: '2026-12-28',
        endsOn: '2027-01-03',
        dueAt: '2027-01-01T09:00:00.000Z',
      });
    }
    expect(periodContaining(WEEKLY, china('2027-01-04T00:00:00')).key).toBe('W2027-W01');
  });

  it('puts 2025-12-29 in 2026-W01', () => {
    expect(plain(periodContaining(WEEKLY, china('2025-12-29T00:00:00')))).toEqual({
      key: 'W2026-W01',
      kind: 'WEEKLY',
      startsOn: '2025-12-29',
      endsOn: '2026-01-04',
      dueAt: '2026-01-02T09:00:00.000Z',
    });
    expect(periodContaining(WEEKLY, china('2025-12-28T23:59:59')).key).toBe('W2025-W52');
  });

  it('handles a week whose Friday falls in the next month', () => {
    expect(plain(periodByKey(WEEKLY, 'W2026-W40'))).toEqual({
      key: 'W2026-W40',
      kind: 'WEEKLY',
      startsOn: '2026-09-28',
      endsOn: '2026-10-04',
      dueAt: '2026-10-02T09:00:00.000Z',
    });
  });

  it('other week-year edges: 2020-W53, 2025-W01 starting in 2024, 2027 has only 52 weeks', () => {
    expect(periodContaining(WEEKLY, china('2021-01-01T12:00:00')).key).toBe('W2020-W53');
    expect(periodContaining(WEEKLY, china('2024-12-30T12:00:00')).key).toBe('W2025-W01');
    expect(periodContaining(WEEKLY, china('2027-12-31T12:00:00')).key).toBe('W2027-W52');
  });

  it('honours a configured weekday and time (Monday 09:30, Sunday 23:59)', () => {
    const monday: Cadence = { kind: 'WEEKLY', dueWeekday: 1, dueTime: '09:30' };
    expect(periodByKey(monday, 'W2026-W47').dueAt.toISOString()).toBe('2026-11-16T01:30:00.000Z');
    const sunday: Cadence = { kind: 'WEEKLY', dueWeekday: 7, dueTime: '23:59' };
    expect(periodByKey(sunday, 'W2026-W53').dueAt.toISOString()).toBe('2027-01-03T15:59:00.000Z');
  });

  it('agrees with an independent ISO week computation for every day of 2019–2030', () => {
    for (let day = '2019-01-01'; day <= '2030-12-31'; day = addDays(day, 1)) {
      const p = periodContaining(WEEKLY, china(`${day}T12:00:00`));
      expect(p.key).toBe(referenceIsoWeek(day));
      expect(new Date(`${p.startsOn}T00:00:00Z`).getUTCDay()).toBe(1);
      expect(p.endsOn).toBe(addDays(p.startsOn, 6));
      expect(p.startsOn <= day && day <= p.endsOn).toBe(true);
    }
  });
});

describe('HALF_MONTHLY periods', () => {
  it('splits a month into the 1st–15th and the 16th–last day, due on the last day of the half', () => {
    expect(plain(periodContaining(HALF, china('2026-11-15T23:59:59')))).toEqual({
      key: 'H2026-11-1',
      kind: 'HALF_MONTHLY',
      startsOn: '2026-11-01',
      endsOn: '2026-11-15',
      dueAt: '2026-11-15T09:00:00.000Z',
    });
    expect(plain(periodContaining(HALF, china('2026-11-16T00:00:00')))).toEqual({
      key: 'H2026-11-2',
      kind: 'HALF_MONTHLY',
      startsOn: '2026-11-16',
      endsOn: '2026-11-30',
      dueAt: '2026-11-30T09:00:00.000Z',
    });
  });

  it('ends the second half on the 31st of a 31-day month', () => {
    expect(plain(periodByKey(HALF, 'H2026-10-2'))).toEqual({
      key: 'H2026-10-2',
      kind: 'HALF_MONTHLY',
      startsOn: '2026-10-16',
      endsOn: '2026-10-31',
      dueAt: '2026-10-31T09:00:00.000Z',
    });
    expect(periodByKey(HALF, 'H2026-12-2').endsOn).toBe('2026-12-31');
  });

  it('ends February on the 29th in leap years and the 28th otherwise', () => {
    expect(periodByKey(HALF, 'H2028-02-2')).toMatchObject({ startsOn: '2028-02-16', endsOn: '2028-02-29' });
    expect(periodByKey(HALF, 'H2028-02-2').dueAt.toISOString()).toBe('2028-02-29T09:00:00.000Z');
    expect(periodByKey(HALF, 'H2027-02-2')).toMatchObject({ startsOn: '2027-02-16', endsOn: '2027-02-28' });
    expect(periodByKey(HALF, 'H2100-02-2').endsOn).toBe('2100-02-28');
    expect(periodByKey(HALF, 'H2000-02-2').endsOn).toBe('2000-02-29');
    expect(periodContaining(HALF, china('2028-02-29T20:00:00')).key).toBe('H2028-02-2');
  });

  it('moves to the next month at China midnight, not UTC midnight', () => {
    expect(periodContaining(HALF, new Date('2026-11-30T15:59:59.999Z')).key).toBe('H2026-11-2');
    expect(periodContaining(HALF, new Date('2026-11-30T16:00:00Z')).key).toBe('H2026-12-1');
  });
});

describe('MONTHLY periods', () => {
  it('covers the calendar month and is due on its last day', () => {
    expect(plain(periodContaining(MONTHLY, china('2026-11-01T00:00:00')))).toEqual({
      key: 'M2026-11',
      kind: 'MONTHLY',
      startsOn: '2026-11-01',
      endsOn: '2026-11-30',
      dueAt: '2026-11-30T09:00:00.000Z',
    });
    expect(periodByKey(MONTHLY, 'M2026-12')).toMatchObject({ startsOn: '2026-12-01', endsOn: '2026-12-31' });
    expect(periodByKey(MONTHLY, 'M2028-02')).toMatchObject({ startsOn: '2028-02-01', endsOn: '2028-02-29' });
    expect(periodByKey(MONTHLY, 'M2026-02')).toMatchObject({ startsOn: '2026-02-01', endsOn: '2026-02-28' });
  });

  it('uses the China date at the year boundary', () => {
    expect(periodContaining(MONTHLY, new Date('2026-12-31T15:59:59.999Z')).key).toBe('M2026-12');
    expect(periodContaining(MONTHLY, new Date('2026-12-31T16:00:00Z')).key).toBe('M2027-01');
  });
});

describe('DAILY periods', () => {
  it('covers one China day and is due the same day', () => {
    expect(plain(periodContaining(DAILY, new Date('2026-11-20T16:00:00Z')))).toEqual({
      key: 'D2026-11-21',
      kind: 'DAILY',
      startsOn: '2026-11-21',
      endsOn: '2026-11-21',
      dueAt: '2026-11-21T09:00:00.000Z',
    });
    expect(periodContaining(DAILY, new Date('2026-11-20T15:59:59.999Z')).key).toBe('D2026-11-20');
    // After 17:00 the day's report is already due, but the day is still the period that contains the instant.
    expect(periodContaining(DAILY, china('2026-11-21T20:00:00')).key).toBe('D2026-11-21');
  });

  it('supports a midnight due time', () => {
    const midnight: Cadence = { kind: 'DAILY', dueTime: '00:00' };
    expect(periodByKey(midnight, 'D2026-11-21').dueAt.toISOString()).toBe('2026-11-20T16:00:00.000Z');
  });
});

describe('periodByKey', () => {
  it('is the inverse of key for every cadence across several years', () => {
    for (const cadence of ALL) {
      for (const p of periodsOverlapping(cadence, '2025-12-01', '2028-03-31')) {
        expect(plain(periodByKey(cadence, p.key))).toEqual(plain(p));
      }
    }
  });

  it('keys sort in period order within a cadence', () => {
    for (const cadence of ALL) {
      const keys = periodsOverlapping(cadence, '2024-06-01', '2027-06-30').map((p) => p.key);
      expect([...keys].sort()).toEqual(keys);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('rejects malformed keys, keys of another kind and periods that do not exist', () => {
    const bad: [Cadence, string][] = [
      [WEEKLY, 'W2026-47'],
      [WEEKLY, 'W2026-W7'],
      [WEEKLY, 'W2026-W00'],
      [WEEKLY, 'W2025-W53'], // 2025 has 52 ISO weeks
      [WEEKLY, 'W2027-W53'],
      [WEEKLY, 'M2026-11'],
      [WEEKLY, 'w2026-W47'],
      [WEEKLY, ' W2026-W47'],
      [HALF, 'H2026-11-3'],
      [HALF, 'H2026-13-1'],
      [HALF, 'H2026-11'],
      [HALF, 'M2026-11'],
      [MONTHLY, 'M2026-00'],
      [MONTHLY, 'M2026-1'],
      [MONTHLY, 'D2026-11-21'],
      [DAILY, 'D2026-02-29'],
      [DAILY, 'D2026-11-31'],
      [DAILY, 'D2026-11-1'],
      [DAILY, 'W2026-W47'],
      [DAILY, ''],
    ];
    for (const [cadence, key] of bad) expect(() => periodByKey(cadence, key)).toThrow(RangeError);
    expect(() => periodByKey(WEEKLY, 'M2026-11')).toThrow(/WEEKLY period key "M2026-11".*W2026-W47/);
    expect(() => periodByKey(WEEKLY, 'W2025-W53')).toThrow(/no such period/);
    expect(periodByKey(WEEKLY, 'W2026-W53').key).toBe('W2026-W53');
    expect(periodByKey(DAILY, 'D2028-02-29').key).toBe('D2028-02-29');
  });
});

describe('periodsDueBetween', () => {
  const friday = new Date('2026-11-20T09:00:00Z'); // W2026-W47 due, Friday 17:00 China

  it('includes a period due exactly at `to` and excludes one due exactly at `from`', () => {
    expect(periodsDueBetween(WEEKLY, new Date(friday.getTime() - 1), friday).map((p) => p.key)).toEqual(['W2026-W47']);
    expect(periodsDueBetween(WEEKLY, friday, new Date(friday.getTime() + 7 * 86_400_000)).map((p) => p.key)).toEqual(['W2026-W48']);
    expect(periodsDueBetween(WEEKLY, friday, new Date(friday.getTime() + 7 * 86_400_000 - 1))).toEqual([]);
  });

  it('is empty when to <= from', () => {
    expect(periodsDueBetween(DAILY, friday, friday)).toEqual([]);
    expect(periodsDueBetween(DAILY, friday, new Date(friday.getTime() - 86_400_000 * 30))).toEqual([]);
  });

  it('lists the periods due in a range, ascending, including ones due before their period ends', () => {
    // From Saturday 2026-11-21 00:00 China: W47 was due the day before, so the first is W48.
    const weekly = periodsDueBetween(WEEKLY, new Date('2026-11-20T16:00:00Z'), china('2027-01-08T17:00:00'));
    expect(weekly.map((p) => p.key)).toEqual(['W2026-W48', 'W2026-W49', 'W2026-W50', 'W2026-W51', 'W2026-W52', 'W2026-W53', 'W2027-W01']);
    expect(weekly[5].dueAt.toISOString()).toBe('2027-01-01T09:00:00.000Z');

    const half = periodsDueBetween(HALF, china('2028-01-31T17:00:00'), china('2028-03-15T17:00:00'));
    expect(half.map((p) => `${p.key} ${chinaDay(p.dueAt)}`)).toEqual([
      'H2028-02-1 2028-02-15',
      'H2028-02-2 2028-02-29',
      'H2028-03-1 2028-03-15',
    ]);

    expect(periodsDueBetween(MONTHLY, china('2026-01-01T00:00:00'), china('2026-12-31T00:00:00')).map((p) => p.key)).toEqual(
      ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11'].map((m) => `M2026-${m}`),
    );
  });

  it('finds a DAILY period whose 17:00 is inside a range that starts the same China day', () => {
    expect(periodsDueBetween(DAILY, china('2026-11-21T00:00:00'), china('2026-11-21T17:00:00')).map((p) => p.key)).toEqual(['D2026-11-21']);
    expect(periodsDueBetween(DAILY, china('2026-11-21T17:00:00'), china('2026-11-22T16:59:59.999'))).toEqual([]);
  });

  it('agrees with a brute-force filter for assorted ranges', () => {
    const all = new Map(ALL.map((c) => [c, periodsOverlapping(c, '2025-11-01', '2028-06-30')]));
    const edges = [
      new Date('2025-12-31T16:00:00Z'),
      china('2026-01-02T17:00:00'),
      china('2026-02-15T16:59:59.999'),
      china('2026-11-20T17:00:00'),
      china('2026-11-30T17:00:00.001'),
      china('2027-01-01T17:00:00'),
      china('2028-02-29T17:00:00'),
      china('2028-03-01T00:00:00'),
    ];
    for (const cadence of ALL) {
      for (const from of edges) {
        for (const to of edges) {
          const expected = all.get(cadence)!.filter((p) => from < p.dueAt && p.dueAt <= to);
          expect(periodsDueBetween(cadence, from, to).map(plain)).toEqual(expected.map(plain));
        }
      }
    }
  });

  it('is fast over several years', () => {
    const started = Date.now();
    const daily = periodsDueBetween(DAILY, china('2025-01-01T00:00:00'), china('2029-12-31T23:59:59'));
    expect(daily).toHaveLength(1826);
    expect(daily[0].key).toBe('D2025-01-01');
    expect(daily[daily.length - 1].key).toBe('D2029-12-31');
    expect(periodsDueBetween(WEEKLY, china('2025-01-01T00:00:00'), china('2029-12-31T23:59:59'))).toHaveLength(261);
    expect(periodsDueBetween(MONTHLY, china('2000-01-01T00:00:00'), china('2099-12-31T23:59:59'))).toHaveLength(1200);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects invalid Dates even when the range is empty', () => {
    expect(() => periodsDueBetween(DAILY, new Date('x'), friday)).toThrow(RangeError);
    expect(() => periodsDueBetween(DAILY, friday, new Date(NaN))).toThrow(RangeError);
    // Beyond year 9999 keys stop being four-digit: refused up front instead of after millions of periods.
    expect(() => periodsDueBetween(DAILY, friday, new Date(8.64e15))).toThrow(RangeError);
  });
});

describe('periodsOverlapping', () => {
  it('returns every period touching the days, partial ones at both ends included', () => {
    expect(periodsOverlapping(WEEKLY, '2026-12-31', '2027-01-05').map((p) => p.key)).toEqual(['W2026-W53', 'W2027-W01']);
    expect(periodsOverlapping(HALF, '2026-10-15', '2026-11-16').map((p) => p.key)).toEqual([
      'H2026-10-1',
      'H2026-10-2',
      'H2026-11-1',
      'H2026-11-2',
    ]);
    expect(periodsOverlapping(MONTHLY, '2028-02-29', '2028-02-29').map((p) => p.key)).toEqual(['M2028-02']);
    expect(periodsOverlapping(DAILY, '2028-02-28', '2028-03-01').map((p) => p.key)).toEqual(['D2028-02-28', 'D2028-02-29', 'D2028-03-01']);
  });

  it('yields contiguous periods whose due instant lies on one of their own days', () => {
    for (const cadence of ALL) {
      const periods = periodsOverlapping(cadence, '2025-12-20', '2028-03-10');
      expect(periods[0].startsOn <= '2025-12-20').toBe(true);
      expect(periods[periods.length - 1].endsOn >= '2028-03-10').toBe(true);
      for (let i = 0; i < periods.length; i++) {
        const p = periods[i];
        expect(p.kind).toBe(cadence.kind);
        expect(p.startsOn <= chinaDay(p.dueAt) && chinaDay(p.dueAt) <= p.endsOn).toBe(true);
        if (i > 0) {
          expect(p.startsOn).toBe(addDays(periods[i - 1].endsOn, 1));
          expect(p.dueAt.getTime()).toBeGreaterThan(periods[i - 1].dueAt.getTime());
        }
      }
    }
  });

  it('is empty for a reversed range and rejects malformed days', () => {
    expect(periodsOverlapping(DAILY, '2026-11-22', '2026-11-21')).toEqual([]);
    expect(() => periodsOverlapping(DAILY, '2026-02-30', '2026-03-01')).toThrow(RangeError);
    expect(() => periodsOverlapping(DAILY, '2026-11-01', '2026/11/02')).toThrow(/toDay/);
  });
});

describe('sensitiveDays', () => {
  it('lists the days of a sensitive period, both ends included, across month and year ends', () => {
    expect(sensitiveDays('2026-11-21', '2026-11-21')).toEqual(['2026-11-21']);
    expect(sensitiveDays('2028-02-27', '2028-03-01')).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
    expect(sensitiveDays('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });

  it('maps onto SENSITIVE_CADENCE periods', () => {
    const days = sensitiveDays('2026-09-28', '2026-10-08');
    expect(periodsOverlapping(SENSITIVE_CADENCE, '2026-09-28', '2026-10-08').map((p) => p.startsOn)).toEqual(days);
    expect(periodByKey(SENSITIVE_CADENCE, `D${days[4]}`).dueAt.toISOString()).toBe('2026-10-02T09:00:00.000Z');
  });

  it('allows up to 366 days', () => {
    expect(sensitiveDays('2028-01-01', '2028-12-31')).toHaveLength(366);
    expect(sensitiveDays('2026-01-01', '2027-01-01')).toHaveLength(366);
    expect(() => sensitiveDays('2026-01-01', '2027-01-02')).toThrow(/367 days/);
  });

  it('rejects reversed and malformed periods', () => {
    expect(() => sensitiveDays('2026-11-22', '2026-11-21')).toThrow(RangeError);
    expect(() => sensitiveDays('2026-11-22', '2026-11-21')).toThrow(/before/);
    for (const [a, b] of [
      ['2026-02-29', '2026-03-01'],
      ['2026-1-01', '2026-01-02'],
      ['2026-01-01', '2026-01-32'],
      ['2026-01-01T00:00', '2026-01-02'],
      ['', '2026-01-02'],
    ]) {
      expect(() => sensitiveDays(a, b)).toThrow(RangeError);
    }
  });
});

describe('timeliness', () => {
  const period = periodByKey(WEEKLY, 'W2026-W47'); // due 2026-11-20 17:00 China

  it('is ON_TIME up to and including the due instant, LATE one millisecond after', () => {
    expect(timeliness(period, china('2026-11-20T16:59:59.999'))).toBe('ON_TIME');
    expect(timeliness(period, china('2026-11-20T17:00:00.000'))).toBe('ON_TIME');
    expect(timeliness(period, china('2026-11-20T17:00:00.001'))).toBe('LATE');
    expect(timeliness(period, china('2026-11-22T23:59:59'))).toBe('LATE');
    expect(timeliness(periodByKey(DAILY, 'D2026-11-21'), new Date('2026-11-21T09:00:00.001Z'))).toBe('LATE');
  });

  it('rejects an invalid Date', () => {
    expect(() => timeliness(period, new Date('nope'))).toThrow(RangeError);
    expect(() => timeliness({ ...period, dueAt: new Date(NaN) }, new Date())).toThrow(RangeError);
  });
});

describe('parseSchedule', () => {
  it('returns the defaults for an empty object', () => {
    expect(parseSchedule('{}')).toEqual(DEFAULT_SCHEDULE);
  });

  it('merges partial overrides per level and per field', () => {
    expect(parseSchedule('{"VILLAGE":{"dueTime":"18:30"}}')).toEqual({
      ...DEFAULT_SCHEDULE,
      VILLAGE: { kind: 'WEEKLY', dueWeekday: 5, dueTime: '18:30' },
    });
    expect(parseSchedule('{"VILLAGE":{"dueWeekday":4},"DISTRICT":{"dueTime":"09:00"}}')).toEqual({
      VILLAGE: { kind: 'WEEKLY', dueWeekday: 4, dueTime: '17:00' },
      TOWNSHIP: { kind: 'HALF_MONTHLY', dueTime: '17:00' },
      DISTRICT: { kind: 'MONTHLY', dueTime: '09:00' },
    });
  });

  it('can change a level’s kind', () => {
    const s = parseSchedule('{"VILLAGE":{"kind":"DAILY"},"TOWNSHIP":{"kind":"WEEKLY","dueWeekday":1,"dueTime":"00:00"}}');
    expect(s.VILLAGE).toEqual({ kind: 'DAILY', dueTime: '17:00' });
    expect(s.TOWNSHIP).toEqual({ kind: 'WEEKLY', dueWeekday: 1, dueTime: '00:00' });
    expect(s.DISTRICT).toBe(DEFAULT_SCHEDULE.DISTRICT);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.VILLAGE)).toBe(true);
  });

  it('accepts the extremes 00:00 and 23:59 and weekdays 1 and 7', () => {
    expect(parseSchedule('{"VILLAGE":{"dueWeekday":7,"dueTime":"23:59"}}').VILLAGE).toEqual({
      kind: 'WEEKLY',
      dueWeekday: 7,
      dueTime: '23:59',
    });
    expect(parseSchedule('{"VILLAGE":{"dueWeekday":1,"dueTime":"00:00"}}').VILLAGE).toEqual({
      kind: 'WEEKLY',
      dueWeekday: 1,
      dueTime: '00:00',
    });
  });

  it.each([
    ['{"CITY":{"kind":"DAILY"}}', /unknown level "CITY"/],
    ['{"village":{}}', /unknown level "village"/],
    ['{"TOWNSHIP":{"kind":"YEARLY"}}', /TOWNSHIP\.kind .*YEARLY/],
    ['{"VILLAGE":{"dueWeekday":0}}', /VILLAGE\.dueWeekday .*1–7/],
    ['{"VILLAGE":{"dueWeekday":8}}', /VILLAGE\.dueWeekday/],
    ['{"VILLAGE":{"dueWeekday":5.5}}', /VILLAGE\.dueWeekday/],
    ['{"VILLAGE":{"dueWeekday":"5"}}', /VILLAGE\.dueWeekday/],
    ['{"TOWNSHIP":{"kind":"WEEKLY"}}', /TOWNSHIP\.dueWeekday is required/],
    ['{"DISTRICT":{"dueWeekday":5}}', /DISTRICT\.dueWeekday is not a field of a MONTHLY cadence/],
    ['{"VILLAGE":{"dueTime":"24:00"}}', /VILLAGE\.dueTime .*HH:MM/],
    ['{"VILLAGE":{"dueTime":"17:60"}}', /VILLAGE\.dueTime/],
    ['{"VILLAGE":{"dueTime":"9:00"}}', /VILLAGE\.dueTime/],
    ['{"VILLAGE":{"dueTime":"17:00:00"}}', /VILLAGE\.dueTime/],
    ['{"VILLAGE":{"dueTime":1700}}', /VILLAGE\.dueTime/],
    ['{"DISTRICT":{"dueTime":"17:00","note":"x"}}', /DISTRICT\.note is not a field/],
    ['{"VILLAGE":null}', /VILLAGE must be an object/],
    ['{"VILLAGE":"WEEKLY"}', /VILLAGE must be an object/],
    ['{"VILLAGE":[]}', /VILLAGE must be an object/],
    ['[]', /expected a JSON object/],
    ['null', /expected a JSON object/],
    ['"VILLAGE"', /expected a JSON object/],
    ['42', /expected a JSON object/],
    ['{not json', /not valid JSON/],
  ])('rejects %s', (json, message) => {
    expect(() => parseSchedule(json)).toThrow(RangeError);
    expect(() => parseSchedule(json)).toThrow(message);
  });
});

describe('hand-built cadences', () => {
  it('are validated by the period functions', () => {
    const now = china('2026-11-21T10:00:00');
    expect(() => periodContaining({ kind: 'WEEKLY', dueWeekday: 0, dueTime: '17:00' }, now)).toThrow(/dueWeekday/);
    expect(() => periodContaining({ kind: 'DAILY', dueTime: '5pm' }, now)).toThrow(/dueTime/);
    expect(() => periodsDueBetween({ kind: 'YEARLY' } as unknown as Cadence, now, now)).toThrow(/kind/);
    expect(() => periodContaining(WEEKLY, new Date('nope'))).toThrow(RangeError);
  });
});
