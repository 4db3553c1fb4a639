import type { CellState } from './rules';
import {
  alertToRaise,
  countIntoCell,
  DEFAULT_HOTSPOT_CONFIG,
  derivedUuid,
  firingRules,
  normalizeOrganization,
  parseHotspotConfig,
  poissonTail,
} from './rules';

const config = DEFAULT_HOTSPOT_CONFIG;
const at = new Date('2026-03-02T02:00:00Z');
const daysBefore = (n: number) => new Date(at.getTime() - n * 86_400_000);

describe('normalizeOrganization', () => {
  it('folds width, spaces, punctuation and the legal-form tail', () => {
    const key = normalizeOrganization('宏达建筑工程有限公司');
    expect(normalizeOrganization('宏达建筑工程 有限公司')).toBe(key);
    expect(normalizeOrganization('宏达建筑工程有限责任公司')).toBe(key);
    expect(normalizeOrganization('宏达建筑工程股份有限公司')).toBe(key);
    expect(normalizeOrganization('（宏达）建筑工程公司')).toBe(key);
    expect(normalizeOrganization('ＡＢＣ物业')).toBe(normalizeOrganization('abc物业'));
  });

  it('keeps different organisations apart and has nothing for empty names', () => {
    expect(normalizeOrganization('宏达建筑工程有限公司')).not.toBe(normalizeOrganization('宏远建筑工程有限公司'));
    expect(normalizeOrganization(null)).toBeNull();
    expect(normalizeOrganization('')).toBeNull();
    expect(normalizeOrganization(' 。、 ')).toBeNull();
  });
});

describe('derivedUuid', () => {
  it('is a stable, well-formed UUID of its parts', () => {
    const id = derivedUuid('alert', 'h1', 'SURGE', 'p1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedUuid('alert', 'h1', 'SURGE', 'p1')).toBe(id);
    expect(derivedUuid('alert', 'h1', 'SURGE', 'p2')).not.toBe(id);
    // Parts are separated: ('ab', 'c') is not ('a', 'bc').
    expect(derivedUuid('ab', 'c')).not.toBe(derivedUuid('a', 'bc'));
  });
});

describe('poissonTail', () => {
  it('matches hand-computed values', () => {
    expect(poissonTail(0, 3)).toBe(1);
    expect(poissonTail(1, 0.2)).toBeCloseTo(1 - Math.exp(-0.2), 12);
    // P(X ≥ 3 | 0.2) = 1 − e^−0.2 (1 + 0.2 + 0.02)
    expect(poissonTail(3, 0.2)).toBeCloseTo(1 - Math.exp(-0.2) * 1.22, 12);
    expect(poissonTail(4, 0.2)).toBeLessThan(0.001);
    expect(poissonTail(5, 0)).toBe(0);
  });

  it('decreases in k and increases in lambda', () => {
    for (let k = 1; k < 20; k++) expect(poissonTail(k + 1, 4)).toBeLessThan(poissonTail(k, 4));
    for (const l of [0.5, 1, 2, 5]) expect(poissonTail(6, l * 1.5)).toBeGreaterThan(poissonTail(6, l));
  });

  it('refuses nonsense', () => {
    expect(() => poissonTail(-1, 1)).toThrow(RangeError);
    expect(() => poissonTail(1.5, 1)).toThrow(RangeError);
    expect(() => poissonTail(1, -1)).toThrow(RangeError);
    expect(() => poissonTail(1, Number.NaN)).toThrow(RangeError);
  });
});

describe('countIntoCell (surge detector)', () => {
  const surge = config.surge;
  function feed(days: Array<[string, number]>) {
    let state: CellState | null = null;
    const fired: string[] = [];
    for (const [day, n] of days) {
      for (let i = 0; i < n; i++) {
        const r = countIntoCell(state, day, surge);
        state = r.state;
        if (r.fired) fired.push(`${day}#${state.count}`);
      }
    }
    return { state: state!, fired };
  }

  it('fires once, at the first count a quiet cell is very unlikely to reach in a day', () => {
    const { fired } = feed([['2026-03-01', 6]]);
    // Baseline floor 0.2/day: P(X ≥ 3) = 0.0011 is not below 0.001; P(X ≥ 4) is.
    expect(fired).toEqual(['2026-03-01#4']);
  });

  it('learns a busy cell: ten a day for weeks is normal, thirty is a surge', () => {
    const days: Array<[string, number]> = [];
    for (let d = 1; d <= 28; d++) days.push([`2026-02-${String(d).padStart(2, '0')}`, 10]);
    const { state, fired } = feed(days);
    expect(state.ewma).toBeGreaterThan(9);
    expect(fired.filter((f) => f > '2026-02-10')).toEqual([]);
    const next = feed([...days, ['2026-03-01', 30]]);
    expect(next.fired.filter((f) => f.startsWith('2026-03-01'))).toHaveLength(1);
  });

  it('decays through empty days and ignores a late event for a closed day', () => {
    const { state } = feed([
      ['2026-03-01', 5],
      ['2026-03-11', 1],
    ]);
    // Day 1 closes at 5, then 9 empty days: 5 × 0.9⁹.
    expect(state.ewma).toBeCloseTo(5 * Math.pow(0.9, 9), 9);
    expect(state.days).toBe(10);
    const late = countIntoCell(state, '2026-03-05', surge);
    expect(late.fired).toBe(false);
    expect(late.state).toEqual(state);
  });
});

describe('firingRules and alertToRaise', () => {
  const facts = { level: 'COUNTY', collectiveInWindow: 0, petitionsInWindow: 1, surge: { fired: false, count: 1, lambda: 0.2 } };

  it('names every firing rule, most severe first', () => {
    expect(firingRules(config, facts)).toEqual([]);
    const all = firingRules(config, {
      level: 'NATIONAL',
      collectiveInWindow: 3,
      petitionsInWindow: 10,
      surge: { fired: true, count: 5, lambda: 0.2 },
    });
    expect(all.map((r) => r.rule)).toEqual(['HIGH_LEVEL', 'COLLECTIVE_VISITS', 'PETITION_COUNT', 'SURGE']);
    expect(all[0].description).toContain('赴京');
    expect(all[1].description).toBe('7日内集体访3批（阈值3）');
  });

  it('holds a cool-down for the same or lower severity, lets escalation through, and re-alerts after it', () => {
    const collective = firingRules(config, { ...facts, collectiveInWindow: 4 });
    const recent = [{ rule: 'COLLECTIVE_VISITS' as const, raisedAt: daysBefore(2) }];
    expect(alertToRaise(config, collective, recent, at)).toBeNull();
    expect(alertToRaise(config, firingRules(config, { ...facts, petitionsInWindow: 12 }), recent, at)).toBeNull();
    expect(alertToRaise(config, firingRules(config, { ...facts, level: 'PROVINCE' }), recent, at)?.rule).toBe('HIGH_LEVEL');
    expect(alertToRaise(config, collective, [{ rule: 'COLLECTIVE_VISITS', raisedAt: daysBefore(8) }], at)?.rule).toBe('COLLECTIVE_VISITS');
    expect(alertToRaise(config, [], [], at)).toBeNull();
  });
});

describe('parseHotspotConfig', () => {
  it('merges a partial override onto the defaults', () => {
    const c = parseHotspotConfig('{"collectiveVisits":{"count":5},"coolDownDays":14,"highLevels":["NATIONAL"]}');
    expect(c.collectiveVisits).toEqual({ count: 5, days: 7 });
    expect(c.coolDownDays).toBe(14);
    expect(c.highLevels).toEqual(['NATIONAL']);
    expect(c.textThreshold).toBe(DEFAULT_HOTSPOT_CONFIG.textThreshold);
    expect(parseHotspotConfig('{}')).toEqual(DEFAULT_HOTSPOT_CONFIG);
  });

  it.each([
    ['not json', /not JSON/],
    ['[]', /JSON object/],
    ['{"coolDown":3}', /unknown setting coolDown/],
    ['{"textThreshold":2}', /textThreshold must be a number from 0.05 to 1/],
    ['{"textSupport":-0.1}', /textSupport must be a number from 0 to 1/],
    // The MinHash rule's settings went with it (issue 15).
    ['{"textWeightPower":5}', /unknown setting textWeightPower/],
    ['{"textPriorPetitions":1000}', /unknown setting textPriorPetitions/],
    ['{"textMinBands":2}', /unknown setting textMinBands/],
    ['{"placeWindowDays":1.5}', /placeWindowDays must be an integer/],
    ['{"collectiveVisits":3}', /collectiveVisits must be an object/],
    ['{"highLevels":["MOON"]}', /highLevels must be a list/],
    ['{"surge":{"pValue":0}}', /surge.pValue/],
  ])('refuses %s', (raw, message) => {
    expect(() => parseHotspotConfig(raw)).toThrow(message);
  });
});
