import { parsePeriod, percent, previousYear, yearOnYear } from './period';

describe('year on year, as the source reports compute it', () => {
  it('reproduces the city report (002)', () => {
    expect(yearOnYear(63, 49)).toBe(28.6); // 赴京集体上访批数上升28.6%
    expect(yearOnYear(316, 363)).toBe(-12.9); // 人数下降12.9%
    expect(yearOnYear(169, 140)).toBe(20.7);
    expect(yearOnYear(1930, 1802)).toBe(7.1);
    expect(yearOnYear(149, 171)).toBe(-12.9);
    expect(yearOnYear(3902, 3780)).toBe(3.2);
    expect(yearOnYear(1830, 893)).toBe(104.9);
  });
  it('shares and exact halves', () => {
    expect(percent(15, 63)).toBe(23.8);
    expect(percent(13, 63)).toBe(20.6);
    expect(percent(6, 63)).toBe(9.5);
    expect(percent(1, 8)).toBe(12.5); // exact: no rounding
    expect(percent(1, 16)).toBe(6.3); // 6.25 → half away from zero
    expect(percent(-1, 16)).toBe(-6.3);
    expect(yearOnYear(5, 0)).toBeNull();
    expect(yearOnYear(0, 0)).toBeNull();
  });
});

describe('periods', () => {
  it('parses months, quarters, halves, years and ranges', () => {
    expect(parsePeriod({ month: '2024-02' })).toEqual({ from: '2024-02-01', to: '2024-02-29', label: '2024年2月' });
    expect(parsePeriod({ quarter: '2025-Q2' })).toMatchObject({ from: '2025-04-01', to: '2025-06-30', label: '2025年第二季度' });
    expect(parsePeriod({ half: '2025-H2' })).toMatchObject({ from: '2025-07-01', to: '2025-12-31' });
    expect(parsePeriod({ year: 2025 })).toMatchObject({ from: '2025-01-01', to: '2025-12-31' });
    expect(parsePeriod({ from: '2025-03-05', to: '2025-03-09' })).toMatchObject({ from: '2025-03-05', to: '2025-03-09' });
  });
  it('refuses ambiguous or malformed periods with a coded error', () => {
    for (const spec of [
      {},
      { month: '2025-13' },
      { month: '2025-06', year: 2025 },
      { from: '2025-03-09', to: '2025-03-05' },
      { from: '2025-02-30', to: '2025-03-01' },
    ]) {
      expect(() => parsePeriod(spec)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    }
  });
  it('compares with the same days last year', () => {
    expect(previousYear(parsePeriod({ month: '2024-02' }))).toMatchObject({ from: '2023-02-01', to: '2023-02-28' });
    expect(previousYear(parsePeriod({ year: 2025 }))).toMatchObject({ from: '2024-01-01', to: '2024-12-31' });
  });
});
