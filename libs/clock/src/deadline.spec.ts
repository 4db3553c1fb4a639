import {
  DEFAULT_RULES,
  chinaDate,
  chinaTime,
  computeDue,
  daysRemaining,
  endOfChinaDay,
  isOverdue,
  rulesFromConfig,
  type DeadlineRule,
} from './deadline';
import { CHINA_2026_CALENDAR, WorkCalendar } from './work-calendar';

const calendar = new WorkCalendar(CHINA_2026_CALENDAR);
// 10:00 China time on the given civil date.
const at = (day: string): Date => new Date(`${day}T10:00:00+08:00`);

describe('China civil time', () => {
  it('maps an instant to its China date, not its UTC date', () => {
    expect(chinaDate(new Date('2026-01-05T15:30:00Z'))).toBe('2026-01-05'); // 23:30 China
    expect(chinaDate(new Date('2026-01-05T15:59:59.999Z'))).toBe('2026-01-05');
    expect(chinaDate(new Date('2026-01-05T16:00:00Z'))).toBe('2026-01-06'); // midnight China
    expect(chinaDate(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
  });

  it('gives the last millisecond of a China day', () => {
    expect(endOfChinaDay('2026-03-06').toISOString()).toBe('2026-03-06T15:59:59.999Z');
    expect(chinaDate(endOfChinaDay('2026-03-06'))).toBe('2026-03-06');
    expect(chinaDate(new Date(endOfChinaDay('2026-03-06').getTime() + 1))).toBe('2026-03-07');
  });

  it('gives the instant of a China wall-clock time', () => {
    expect(chinaTime('2026-03-05', '08:30').toISOString()).toBe('2026-03-05T00:30:00.000Z');
    expect(chinaTime('2026-03-05', '00:00').toISOString()).toBe('2026-03-04T16:00:00.000Z');
    expect(() => chinaTime('2026-03-05', '24:00')).toThrow(/HH:MM/);
    expect(() => chinaTime('2026-02-30', '08:00')).toThrow(/2026-02-30/);
  });

  it('rejects invalid input', () => {
    expect(() => chinaDate(new Date('nope'))).toThrow(/valid Date/);
    expect(() => endOfChinaDay('2026-02-30')).toThrow(/2026-02-30/);
  });
});

describe('DEFAULT_RULES', () => {
  it('has the statutory periods of 信访工作条例', () => {
    expect(DEFAULT_RULES.ROUTING_15D).toEqual({
      code: 'ROUTING_15D',
      days: 15,
      unit: 'CALENDAR_DAYS',
      basis: '信访工作条例 art. 22',
    });
    expect(DEFAULT_RULES.ACCEPTANCE_15D).toMatchObject({ days: 15, unit: 'CALENDAR_DAYS', basis: '信访工作条例 art. 23' });
    expect(DEFAULT_RULES.RETURN_5WD).toMatchObject({ days: 5, unit: 'WORKING_DAYS', basis: '信访工作条例 art. 23 ¶3' });
    expect(DEFAULT_RULES.HANDLING_60D).toMatchObject({ days: 60, unit: 'CALENDAR_DAYS', basis: '信访工作条例 art. 34' });
    expect(DEFAULT_RULES.EXTENSION_MAX_30D).toMatchObject({ days: 30, basis: '信访工作条例 art. 34' });
    expect(DEFAULT_RULES.REVIEW_REQUEST_30D).toMatchObject({ days: 30, basis: '信访工作条例 art. 35' });
    expect(DEFAULT_RULES.REVIEW_DECISION_30D).toMatchObject({ days: 30, basis: '信访工作条例 art. 35' });
    expect(DEFAULT_RULES.REREVIEW_REQUEST_30D).toMatchObject({ days: 30, basis: '信访工作条例 art. 36' });
    expect(DEFAULT_RULES.REREVIEW_DECISION_30D).toMatchObject({ days: 30, basis: '信访工作条例 art. 36' });
    for (const [code, rule] of Object.entries(DEFAULT_RULES)) expect(rule.code).toBe(code);
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_RULES)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RULES.HANDLING_60D)).toBe(true);
  });
});

describe('rulesFromConfig', () => {
  it('replaces only the days of configured rules', () => {
    const rules = rulesFromConfig({ HANDLING_60D: 30, EXTENSION_MAX_30D: 30 });
    expect(rules.HANDLING_60D).toEqual({
      code: 'HANDLING_60D',
      days: 30,
      unit: 'CALENDAR_DAYS',
      basis: '信访工作条例 art. 34',
    });
    expect(rules.ROUTING_15D).toBe(DEFAULT_RULES.ROUTING_15D);
    expect(DEFAULT_RULES.HANDLING_60D.days).toBe(60);
  });

  it('keeps the working-day unit of the return period', () => {
    expect(rulesFromConfig({ RETURN_5WD: 3 }).RETURN_5WD).toMatchObject({ days: 3, unit: 'WORKING_DAYS' });
  });

  it('with no overrides equals the defaults', () => {
    expect(rulesFromConfig({})).toEqual(DEFAULT_RULES);
  });

  it('rejects unknown codes and non-positive or fractional days, listing them all', () => {
    const bad = { HANDLING_60: 30, ROUTING_15D: 0, ACCEPTANCE_15D: 1.5, REVIEW_REQUEST_30D: '30' } as unknown as Record<string, number>;
    expect(() => rulesFromConfig(bad)).toThrow(/unknown rule code HANDLING_60/);
    expect(() => rulesFromConfig(bad)).toThrow(/ROUTING_15D must be a positive whole number of days, got 0/);
    expect(() => rulesFromConfig(bad)).toThrow(/ACCEPTANCE_15D .* got 1\.5/);
    expect(() => rulesFromConfig(bad)).toThrow(/REVIEW_REQUEST_30D .* got "30"/);
    expect(() => rulesFromConfig(null as unknown as Record<string, number>)).toThrow(/must be an object/);
  });
});

describe('computeDue', () => {
  describe('calendar days', () => {
    it('60-day handling period: last day = event date + 60', () => {
      const due = computeDue(DEFAULT_RULES.HANDLING_60D, at('2026-01-05'), calendar);
      expect(due.dueOn).toBe('2026-03-06');
      expect(due.dueAt.toISOString()).toBe('2026-03-06T15:59:59.999Z');
      expect(due.rule).toBe('HANDLING_60D: 60 calendar days from 2026-01-05 (信访工作条例 art. 34); last day 2026-03-06');
    });

    it('an event at 23:30 China time (15:30Z) counts from the next China day', () => {
      const due = computeDue(DEFAULT_RULES.HANDLING_60D, new Date('2026-01-05T15:30:00Z'), calendar);
      expect(due.dueOn).toBe('2026-03-06');
      expect(due.rule).toContain('from 2026-01-05');
    });

    it('an event just after midnight China time (still the previous UTC day) belongs to the China day', () => {
      const due = computeDue(DEFAULT_RULES.HANDLING_60D, new Date('2026-01-05T16:30:00Z'), calendar);
      // 2026-01-06 + 60 = 2026-03-07, a Saturday
      expect(due.rule).toBe(
        'HANDLING_60D: 60 calendar days from 2026-01-06 (信访工作条例 art. 34); ' +
          'last day 2026-03-07 is a rest day, moved to next working day 2026-03-09',
      );
      expect(due.dueOn).toBe('2026-03-09');
    });

    it('15-day period ending in the 2025 National Day holiday moves to the next working day', () => {
      const due = computeDue(DEFAULT_RULES.ROUTING_15D, at('2025-09-20'), calendar);
      expect(due.dueOn).toBe('2025-10-09');
      expect(due.dueAt.toISOString()).toBe('2025-10-09T15:59:59.999Z');
      expect(due.rule).toBe(
        'ROUTING_15D: 15 calendar days from 2025-09-20 (信访工作条例 art. 22); ' +
          'last day 2025-10-05 is a rest day, moved to next working day 2025-10-09',
      );
    });

    it('plain weekend: a last day on Saturday moves to Monday', () => {
      const due = computeDue(DEFAULT_RULES.ACCEPTANCE_15D, at('2026-03-06'), calendar);
      expect(due.dueOn).toBe('2026-03-23');
      expect(due.rule).toBe(
        'ACCEPTANCE_15D: 15 calendar days from 2026-03-06 (信访工作条例 art. 23); ' +
          'last day 2026-03-21 is a rest day, moved to next working day 2026-03-23',
      );
    });

    it('a last day on an adjusted working Saturday or Sunday (调休) is not moved', () => {
      expect(computeDue(DEFAULT_RULES.ROUTING_15D, at('2025-09-26'), calendar).dueOn).toBe('2025-10-11');
      expect(computeDue(DEFAULT_RULES.ROUTING_15D, at('2025-09-13'), calendar).dueOn).toBe('2025-09-28');
    });

    it('an event on a holiday still starts the period the next day; only the end moves', () => {
      // 2025-10-01 + 30 = 2025-10-31, a Friday
      expect(computeDue(DEFAULT_RULES.REVIEW_REQUEST_30D, at('2025-10-01'), calendar).dueOn).toBe('2025-10-31');
    });

    it('extension of 30 days via extraDays', () => {
      const due = computeDue(DEFAULT_RULES.HANDLING_60D, at('2026-01-05'), calendar, {
        extraDays: DEFAULT_RULES.EXTENSION_MAX_30D.days,
      });
      // 2026-01-05 + 90 = 2026-04-05, Qingming; 04-06 is a holiday too
      expect(due.dueOn).toBe('2026-04-07');
      expect(due.rule).toBe(
        'HANDLING_60D: 60 calendar days from 2026-01-05 (信访工作条例 art. 34); extended by 30 calendar days; ' +
          'last day 2026-04-05 is a rest day, moved to next working day 2026-04-07',
      );
    });

    it('hearing (听证) days are paused and added, and the explanation says so', () => {
      const without = computeDue(DEFAULT_RULES.REREVIEW_DECISION_30D, at('2026-03-02'), calendar);
      expect(without.dueOn).toBe('2026-04-01');

      const due = computeDue(DEFAULT_RULES.REREVIEW_DECISION_30D, at('2026-03-02'), calendar, { pausedDays: 10 });
      // 2026-03-02 + 40 = 2026-04-11, a Saturday
      expect(due.dueOn).toBe('2026-04-13');
      expect(due.rule).toBe(
        'REREVIEW_DECISION_30D: 30 calendar days from 2026-03-02 (信访工作条例 art. 36); ' +
          '10 calendar days paused for hearing (听证) not counted; ' +
          'last day 2026-04-11 is a rest day, moved to next working day 2026-04-13',
      );
    });

    it('extension and pause together', () => {
      const due = computeDue(DEFAULT_RULES.HANDLING_60D, at('2026-01-05'), calendar, { extraDays: 30, pausedDays: 3 });
      // 2026-01-05 + 93 = 2026-04-08, a Wednesday
      expect(due.dueOn).toBe('2026-04-08');
      expect(due.rule).toContain('extended by 30 calendar days; 3 calendar days paused for hearing');
    });

    it('uses configured periods (a city with 30-day handling)', () => {
      const rules = rulesFromConfig({ HANDLING_60D: 30 });
      const due = computeDue(rules.HANDLING_60D, at('2026-01-05'), calendar);
      expect(due.dueOn).toBe('2026-02-04');
      expect(due.rule).toBe('HANDLING_60D: 30 calendar days from 2026-01-05 (信访工作条例 art. 34); last day 2026-02-04');
    });

    it('says "1 calendar day" in the singular', () => {
      const oneDay: DeadlineRule = { code: 'TEST_1D', days: 1, unit: 'CALENDAR_DAYS', basis: 'test' };
      expect(computeDue(oneDay, at('2026-03-05'), calendar).rule).toBe(
        'TEST_1D: 1 calendar day from 2026-03-05 (test); last day 2026-03-06',
      );
    });

    it('takes holidays from the calendar it is given', () => {
      const noHolidays = new WorkCalendar({ holidays: [], workingWeekends: [] });
      expect(computeDue(DEFAULT_RULES.ROUTING_15D, at('2025-09-20'), noHolidays).dueOn).toBe('2025-10-06');
    });
  });

  describe('working days', () => {
    it('5-working-day return spanning the 2025 National Day counts the adjusted working Saturday 2025-10-11', () => {
      const due = computeDue(DEFAULT_RULES.RETURN_5WD, at('2025-09-29'), calendar);
      // 09-30 (1), 10-01..08 holiday, 10-09 (2), 10-10 (3), Sat 10-11 working (4), Sun 10-12 rest, 10-13 (5)
      expect(due.dueOn).toBe('2025-10-13');
      expect(due.dueAt.toISOString()).toBe('2025-10-13T15:59:59.999Z');
      expect(due.rule).toBe('RETURN_5WD: 5 working days from 2025-09-29 (信访工作条例 art. 23 ¶3); last day 2025-10-13');
    });

    it('counts the adjusted working Sunday 2025-09-28', () => {
      // Sun 09-28 (1), 09-29 (2), 09-30 (3), 10-09 (4), 10-10 (5)
      expect(computeDue(DEFAULT_RULES.RETURN_5WD, at('2025-09-26'), calendar).dueOn).toBe('2025-10-10');
    });

    it('plain week: Friday event, five working days later is the next Friday', () => {
      expect(computeDue(DEFAULT_RULES.RETURN_5WD, at('2026-03-06'), calendar).dueOn).toBe('2026-03-13');
    });

    it('an event on a rest day counts from the first working day after it', () => {
      expect(computeDue(DEFAULT_RULES.RETURN_5WD, at('2026-03-07'), calendar).dueOn).toBe('2026-03-13');
    });

    it('a late-evening China event counts from the next China day', () => {
      // 2025-09-29 23:30 China
      expect(computeDue(DEFAULT_RULES.RETURN_5WD, new Date('2025-09-29T15:30:00Z'), calendar).dueOn).toBe('2025-10-13');
      // 2025-09-30 00:30 China
      expect(computeDue(DEFAULT_RULES.RETURN_5WD, new Date('2025-09-29T16:30:00Z'), calendar).dueOn).toBe('2025-10-14');
    });

    it('counts extra days in working days too', () => {
      const due = computeDue(DEFAULT_RULES.RETURN_5WD, at('2026-03-06'), calendar, { extraDays: 2 });
      expect(due.dueOn).toBe('2026-03-17');
      expect(due.rule).toContain('extended by 2 working days');
    });
  });

  describe('input validation', () => {
    it('rejects negative or fractional extra and paused days', () => {
      expect(() => computeDue(DEFAULT_RULES.HANDLING_60D, at('2026-01-05'), calendar, { extraDays: -1 })).toThrow(/extraDays/);
      expect(() => computeDue(DEFAULT_RULES.HANDLING_60D, at('2026-01-05'), calendar, { pausedDays: 1.5 })).toThrow(/pausedDays/);
    });

    it('rejects a rule without a positive whole number of days', () => {
      const zero: DeadlineRule = { code: 'ZERO', days: 0, unit: 'CALENDAR_DAYS', basis: 'test' };
      expect(() => computeDue(zero, at('2026-01-05'), calendar)).toThrow(/ZERO days/);
    });

    it('rejects an invalid event instant', () => {
      expect(() => computeDue(DEFAULT_RULES.HANDLING_60D, new Date(Number.NaN), calendar)).toThrow(/event instant/);
    });
  });
});

describe('isOverdue', () => {
  const due = computeDue(DEFAULT_RULES.HANDLING_60D, at('2026-01-05'), calendar); // 2026-03-06

  it('is not overdue during the whole last day (China time)', () => {
    expect(isOverdue(due, new Date('2026-03-06T23:59:59.999+08:00'))).toBe(false);
    expect(isOverdue(due, new Date('2026-03-06T00:00:00+08:00'))).toBe(false);
  });

  it('is overdue strictly after the end of the last day', () => {
    expect(isOverdue(due, new Date('2026-03-07T00:00:00+08:00'))).toBe(true);
    expect(isOverdue(due, new Date(due.dueAt.getTime() + 1))).toBe(true);
  });

  it('accepts a bare { dueAt } (a stored row)', () => {
    expect(isOverdue({ dueAt: new Date('2026-03-06T15:59:59.999Z') }, new Date('2026-03-06T16:00:00Z'))).toBe(true);
  });
});

describe('daysRemaining', () => {
  it('counts China calendar days to the last day', () => {
    expect(daysRemaining('2026-03-06', new Date('2026-03-01T10:00:00+08:00'))).toBe(5);
    expect(daysRemaining('2026-03-06', new Date('2026-03-05T15:59:00Z'))).toBe(1); // 23:59 China on 03-05
    expect(daysRemaining('2026-03-06', new Date('2026-03-05T16:00:00Z'))).toBe(0); // 00:00 China on 03-06
  });

  it('is negative when late', () => {
    expect(daysRemaining('2026-03-06', new Date('2026-03-08T09:00:00+08:00'))).toBe(-2);
  });

  it('rejects a bad due date', () => {
    expect(() => daysRemaining('06/03/2026', new Date())).toThrow(/06\/03\/2026/);
  });
});
