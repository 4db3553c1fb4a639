import { absenceDue, attendanceOf, DEFAULT_RECEPTION_CONFIG, lateMinutes, leftEarlyMinutes, parseReceptionConfig } from './attendance';

const config = DEFAULT_RECEPTION_CONFIG;
const start = new Date('2026-03-05T00:30:00Z'); // 08:30 in Beijing
const end = new Date('2026-03-05T09:30:00Z'); // 17:30
const at = (minutes: number, from = start) => new Date(from.getTime() + minutes * 60_000);

describe('lateness', () => {
  it('is not late within the grace, and late by whole minutes from the start past it', () => {
    expect(lateMinutes(start, at(-10), config)).toBeNull();
    expect(lateMinutes(start, at(5), config)).toBeNull();
    expect(lateMinutes(start, at(5.01), config)).toBe(5);
    expect(lateMinutes(start, at(12.5), config)).toBe(12);
  });
});

describe('leaving early', () => {
  it('counts whole minutes before the end past the grace', () => {
    expect(leftEarlyMinutes(end, at(0, end), config)).toBeNull();
    expect(leftEarlyMinutes(end, at(-5, end), config)).toBeNull();
    expect(leftEarlyMinutes(end, at(-45, end), config)).toBe(45);
    expect(leftEarlyMinutes(end, at(30, end), config)).toBeNull();
  });
});

describe('absence', () => {
  it('falls due absentAfterMinutes after the start', () => {
    expect(absenceDue(start, config).toISOString()).toBe('2026-03-05T01:00:00.000Z');
  });
});

describe('attendanceOf', () => {
  const shift = {
    checked_in_at: null as Date | null,
    checked_out_at: null as Date | null,
    late_minutes: null as number | null,
    absent_recorded_at: null as Date | null,
    left_early_minutes: null as number | null,
    ends_at: end,
  };
  it('names the worst thing recorded', () => {
    expect(attendanceOf(shift, at(1))).toBe('SCHEDULED');
    expect(attendanceOf({ ...shift, checked_in_at: at(0) }, at(60))).toBe('ON_DUTY');
    expect(attendanceOf({ ...shift, checked_in_at: at(0) }, at(1, end))).toBe('PRESENT');
    expect(attendanceOf({ ...shift, checked_in_at: at(20), late_minutes: 20 }, at(60))).toBe('LATE');
    expect(attendanceOf({ ...shift, checked_in_at: at(0), left_early_minutes: 45, late_minutes: 20 }, at(1, end))).toBe('LEFT_EARLY');
    expect(attendanceOf({ ...shift, absent_recorded_at: at(30), checked_in_at: at(90) }, at(1, end))).toBe('ABSENT');
  });
});

describe('parseReceptionConfig', () => {
  it('overrides the defaults and refuses what makes no sense', () => {
    expect(parseReceptionConfig('{"lateGraceMinutes":0}').lateGraceMinutes).toBe(0);
    expect(() => parseReceptionConfig('{"lateGrace":1}')).toThrow('unknown key');
    expect(() => parseReceptionConfig('{"absentAfterMinutes":-1}')).toThrow('non-negative');
    expect(() => parseReceptionConfig('{"absentAfterMinutes":5,"lateGraceMinutes":10}')).toThrow('must exceed');
  });
});
