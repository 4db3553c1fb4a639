import { rank, RuleSetDefinition, scoreUnits, TOWNSHIP_RULES_V1, type PetitionScoreFact } from './rules';

const T1 = '330102001';
const T2 = '330102002';
const T3 = '330102003';
let n = 0;
const petition = (
  unitCode: string,
  level: PetitionScoreFact['level'],
  visitKind: PetitionScoreFact['visitKind'],
  extra: Partial<PetitionScoreFact> = {},
): PetitionScoreFact => {
  n++;
  return {
    petitionId: `p${n}`,
    eventId: `e${n}`,
    unitCode,
    level,
    visitKind,
    registeredAt: `2025-06-${String(n).padStart(2, '0')}T02:00:00Z`,
    earlySignalEventId: null,
    lateHandlingEventId: null,
    ...extra,
  };
};

describe('the township rule set (source 003)', () => {
  it('is a valid rule set definition', () => {
    expect(RuleSetDefinition.parse(TOWNSHIP_RULES_V1)).toEqual(TOWNSHIP_RULES_V1);
  });

  it('deducts per level and kind, halves an early-reported signal, doubles late handling, vetoes', () => {
    const scores = scoreUnits(
      TOWNSHIP_RULES_V1,
      [T1, T2, T3],
      [
        petition(T1, 'TOWNSHIP', 'COLLECTIVE'), // 0
        petition(T1, 'COUNTY', 'INDIVIDUAL'), // −1
        petition(T1, 'COUNTY', 'COLLECTIVE'), // −3
        petition(T1, 'CITY', 'COLLECTIVE', { earlySignalEventId: 'link-1' }), // −10 × 0.5 = −5
        petition(T2, 'CITY', 'INDIVIDUAL', { lateHandlingEventId: 'overdue-1' }), // −3 × 2 = −6
        petition(T2, 'PROVINCE', 'INDIVIDUAL'), // −10
        petition(T3, 'PROVINCE', 'COLLECTIVE'), // veto
        petition(T3, 'COUNTY', 'INDIVIDUAL', { earlySignalEventId: 'link-2', lateHandlingEventId: 'overdue-2' }), // −1 × 0.5 × 2 = −1
      ],
      [{ unitCode: T2, reportingUnitCode: '330102002001', periodKey: 'W2025-23', eventId: 'missed-1' }], // −5
    );
    const byUnit = Object.fromEntries(scores.map((s) => [s.unitCode, s]));
    expect(byUnit[T1]).toMatchObject({ score: 91, deductions: -9, veto: false });
    expect(byUnit[T1].items.map((i) => i.points)).toEqual([-1, -3, -5]);
    expect(byUnit[T1].items[2]).toMatchObject({ note: '到市集体访 -10 ×0.5（提前报告苗头）', eventIds: ['e4', 'link-1'] });
    expect(byUnit[T2]).toMatchObject({ score: 79, deductions: -21, veto: false });
    expect(byUnit[T2].items.find((i) => i.eventIds.includes('overdue-1'))).toMatchObject({
      points: -6,
      note: '到市个体访 -3 ×2（交办件逾期办理）',
    });
    expect(byUnit[T2].items.find((i) => i.reason === 'MISSED_REPORT')).toMatchObject({ points: -5, eventIds: ['missed-1'] });
    expect(byUnit[T3]).toMatchObject({ score: 99, veto: true });
    expect(byUnit[T3].items[0]).toMatchObject({ reason: 'VETO', note: '到省集体访 一票否决', eventIds: ['e7'] });

    expect(rank(scores).map((s) => [s.unitCode, s.rank])).toEqual([
      [T1, 1],
      [T2, 2],
      [T3, 3],
    ]);
  });

  it('anything to Beijing is a veto; equal scores share a rank', () => {
    const scores = scoreUnits(TOWNSHIP_RULES_V1, [T1, T2, T3], [petition(T1, 'NATIONAL', 'INDIVIDUAL')], []);
    expect(rank(scores).map((s) => [s.unitCode, s.rank, s.veto])).toEqual([
      [T2, 1, false],
      [T3, 1, false],
      [T1, 3, true],
    ]);
  });

  it('refuses a malformed rule set', () => {
    expect(() => RuleSetDefinition.parse({ ...TOWNSHIP_RULES_V1, missedReport: 5 })).toThrow();
    expect(() => RuleSetDefinition.parse({ ...TOWNSHIP_RULES_V1, petition: { MOON: {} } })).toThrow();
  });
});
