import { parseArgs } from './index';
import { fmt, formatTable, mean, percentile, summarize } from './stats';

describe('stats', () => {
  it('nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 90)).toBe(90);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([3, 1, 2])).toMatchObject({ n: 3, mean: 2, min: 1, p50: 2, max: 3 });
    expect(mean([1, 2, 3, 4])).toBe(2.5);
  });

  it('formats tables with aligned columns', () => {
    const t = formatTable(
      ['name', 'value'],
      [
        ['a', 1],
        ['长名字', 22],
      ],
    ).split('\n');
    expect(t).toHaveLength(4);
    expect(t[2]).toBe('a           1');
    expect(t[3]).toBe('长名字     22');
    expect(fmt(NaN)).toBe('-');
    expect(fmt(0.12345)).toBe('0.123');
  });
});

describe('runner arguments', () => {
  it('parses a name, --quick and --size', () => {
    expect(parseArgs(['hotspot-text', '--quick', '--size', '2000'])).toEqual({
      name: 'hotspot-text',
      options: { quick: true, size: 2000 },
    });
    expect(parseArgs(['--size=10', 'x'])).toEqual({ name: 'x', options: { quick: false, size: 10 } });
    expect(parseArgs([])).toEqual({ name: undefined, options: { quick: false } });
  });

  it('rejects bad sizes and unknown options', () => {
    expect(parseArgs(['x', '--size', 'abc'])).toHaveProperty('error');
    expect(parseArgs(['x', '--size'])).toHaveProperty('error');
    expect(parseArgs(['x', '--fast'])).toHaveProperty('error');
    expect(parseArgs(['x', 'y'])).toHaveProperty('error');
  });
});
