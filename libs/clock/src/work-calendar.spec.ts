import { CHINA_2026_CALENDAR, WorkCalendar, addDays, dayOfWeek, daysBetween, isCivilDate } from './work-calendar';

describe('civil date helpers', () => {
  it('accepts only real dates written as YYYY-MM-DD', () => {
    expect(isCivilDate('2026-02-28')).toBe(true);
    expect(isCivilDate('2024-02-29')).toBe(true);
    expect(isCivilDate('2026-02-29')).toBe(false);
    expect(isCivilDate('2026-13-01')).toBe(false);
    expect(isCivilDate('2026-1-5')).toBe(false);
    expect(isCivilDate('2026-01-05T00:00:00Z')).toBe(false);
    expect(isCivilDate(20260105)).toBe(false);
    expect(isCivilDate(undefined)).toBe(false);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-05', 60)).toBe('2026-03-06');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-05', '2026-03-06')).toBe(60);
    expect(daysBetween('2026-03-06', '2026-01-05')).toBe(-60);
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek('2026-01-01')).toBe(4); // Thursday
    expect(dayOfWeek('2025-10-11')).toBe(6); // Saturday
    expect(dayOfWeek('2025-09-28')).toBe(0); // Sunday
  });

  it('rejects bad dates in arithmetic', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(/2026-02-30/);
  });
});

describe('WorkCalendar', () => {
  const calendar = new WorkCalendar(CHINA_2026_CALENDAR);

  it('treats plain weekdays as working days and plain weekends as rest days', () => {
    expect(calendar.isWorkingDay('2026-03-06')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(calendar.isRestDay('2026-03-08')).toBe(true); // Sunday
    expect(calendar.isRestDay('2026-03-09')).toBe(false); // Monday
  });

  it('treats public holidays on weekdays as rest days', () => {
    expect(calendar.isRestDay('2025-10-01')).toBe(true); // Wednesday
    expect(calendar.isRestDay('2025-10-08')).toBe(true); // Wednesday
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
    expect(calendar.isRestDay('2026-10-01')).toBe(true);
    expect(calendar.isRestDay('2026-02-17')).toBe(true); // Spring Festival
  });

  it('tells a public holiday from a plain weekend', () => {
    expect(calendar.isHoliday('2025-10-01')).toBe(true);
    expect(calendar.isHoliday('2026-03-08')).toBe(false); // a plain Sunday is a rest day, not a holiday
    expect(calendar.isHoliday('2026-03-06')).toBe(false);
  });

  it('treats adjusted weekends (调休) as working days', () => {
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // Saturday
    expect(calendar.isWorkingDay('2025-10-12')).toBe(false); // the Sunday after is not
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
  });

  it('the built-in schedule is a valid configuration with the 2025 National Day schedule', () => {
    const nationalDay = Array.from({ length: 8 }, (_, i) => addDays('2025-10-01', i));
    expect(nationalDay.every((d) => CHINA_2026_CALENDAR.holidays.includes(d))).toBe(true);
    expect(CHINA_2026_CALENDAR.workingWeekends).toEqual(expect.arrayContaining(['2025-09-28', '2025-10-11']));
    expect(() => new WorkCalendar(CHINA_2026_CALENDAR)).not.toThrow();
  });

  it('an empty calendar only knows weekends', () => {
    const plain = new WorkCalendar({ holidays: [], workingWeekends: [] });
    expect(plain.isWorkingDay('2025-10-01')).toBe(true);
    expect(plain.isWorkingDay('2025-10-11')).toBe(false);
  });

  it('finds the working day on or after a day', () => {
    expect(calendar.workingDayOnOrAfter('2026-03-06')).toBe('2026-03-06');
    expect(calendar.workingDayOnOrAfter('2026-03-07')).toBe('2026-03-09');
    expect(calendar.workingDayOnOrAfter('2025-10-03')).toBe('2025-10-09');
  });

  it('adds working days, skipping holidays and counting adjusted weekends', () => {
    expect(calendar.addWorkingDays('2026-03-06', 1)).toBe('2026-03-09');
    expect(calendar.addWorkingDays('2025-09-29', 5)).toBe('2025-10-13');
    expect(calendar.addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
    expect(() => calendar.addWorkingDays('2026-03-06', 0)).toThrow(/positive integer/);
  });

  it('rejects a bad day in queries', () => {
    expect(() => calendar.isWorkingDay('2026/03/06')).toThrow(/2026\/03\/06/);
  });

  it('fails instead of looping when the configuration has no working day in sight', () => {
    const allRest = new WorkCalendar({
      holidays: Array.from({ length: 100 }, (_, i) => addDays('2026-01-01', i)),
      workingWeekends: [],
    });
    expect(() => allRest.workingDayOnOrAfter('2026-01-01')).toThrow(/consecutive rest days/);
  });

  describe('validation', () => {
    it('lists every bad date', () => {
      let message = '';
      try {
        new WorkCalendar({ holidays: ['2026-01-01', '2026-02-30', '2026-1-5'], workingWeekends: ['tomorrow'] });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain('"2026-02-30"');
      expect(message).toContain('"2026-1-5"');
      expect(message).toContain('"tomorrow"');
      expect(message).not.toContain('"2026-01-01"');
    });

    it('rejects non-string entries', () => {
      expect(() => new WorkCalendar({ holidays: [20260101 as unknown as string], workingWeekends: [] })).toThrow(/20260101/);
    });

    it('rejects missing arrays', () => {
      expect(() => new WorkCalendar({ holidays: [] } as unknown as { holidays: string[]; workingWeekends: string[] })).toThrow(
        /workingWeekends must be an array/,
      );
      expect(() => new WorkCalendar(null as unknown as { holidays: string[]; workingWeekends: string[] })).toThrow(/Invalid work calendar/);
    });

    it('rejects a working weekend that is not a Saturday or Sunday', () => {
      expect(() => new WorkCalendar({ holidays: [], workingWeekends: ['2025-10-10'] })).toThrow(/not a Saturday or Sunday: 2025-10-10/);
    });

    it('rejects a date that is both a holiday and a working weekend', () => {
      expect(() => new WorkCalendar({ holidays: ['2025-10-11'], workingWeekends: ['2025-10-11'] })).toThrow(
        /both as holiday and as working weekend: 2025-10-11/,
      );
    });
  });

  describe('fromJson', () => {
    it('parses the CASE_CALENDAR_JSON form', () => {
      const cal = WorkCalendar.fromJson(JSON.stringify({ holidays: ['2027-01-01'], workingWeekends: ['2027-01-02'] }));
      expect(cal.isRestDay('2027-01-01')).toBe(true);
      expect(cal.isWorkingDay('2027-01-02')).toBe(true);
    });

    it('round-trips the built-in schedule', () => {
      const cal = WorkCalendar.fromJson(JSON.stringify(CHINA_2026_CALENDAR));
      expect(cal.isRestDay('2025-10-05')).toBe(true);
      expect(cal.isWorkingDay('2025-10-11')).toBe(true);
    });

    it('rejects malformed JSON', () => {
      expect(() => WorkCalendar.fromJson('{holidays:')).toThrow(/Invalid work calendar JSON/);
    });

    it('rejects non-object JSON', () => {
      expect(() => WorkCalendar.fromJson('[]')).toThrow(/expected an object/);
      expect(() => WorkCalendar.fromJson('null')).toThrow(/expected an object/);
    });

    it('rejects unknown (e.g. misspelt) keys', () => {
      expect(() => WorkCalendar.fromJson('{"holiday":[],"holidays":[],"workingWeekends":[]}')).toThrow(/unknown keys holiday/);
    });

    it('rejects bad dates and lists them', () => {
      expect(() => WorkCalendar.fromJson('{"holidays":["2026-13-01"],"workingWeekends":[]}')).toThrow(/"2026-13-01"/);
    });
  });
});
