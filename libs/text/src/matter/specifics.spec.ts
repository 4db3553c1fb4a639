import { normalizeMatterText } from './normalize';
import { extractSpecifics, specificTokens } from './specifics';

const read = (text: string) => extractSpecifics(normalizeMatterText(text)).map((s) => [s.slot, s.value]);

describe('extractSpecifics', () => {
  it('reads years, amounts, headcounts, areas and months whether written in digits or in words', () => {
    expect(read('鑫达建材公司拖欠80余名工人两个月工资约95万元')).toEqual([
      ['PEOPLE', 80],
      ['MONTHS', 2],
      ['MONEY', 950_000],
    ]);
    expect(read('老板跑了，我们八十多个工人两个月的工资没拿到，加起来九十五万左右')).toEqual([
      ['PEOPLE', 80],
      ['MONTHS', 2],
      ['MONEY', 950_000],
    ]);
    expect(read('二〇二一年修水库占了二十八亩地')).toEqual([
      ['YEAR', 2021],
      ['AREA', 28],
    ]);
  });

  it('reads buildings, units and villagers groups exactly', () => {
    expect(read('五号楼三单元，村里二组')).toEqual([
      ['BUILDING', 5],
      ['UNIT', 3],
      ['GROUP', 2],
    ]);
  });

  it('does not read a year or a bare count as an amount', () => {
    expect(read('2021年')).toEqual([['YEAR', 2021]]);
    expect(read('找了3次')).toEqual([]);
  });
});

describe('specificTokens', () => {
  const money = (value: number) => new Set(specificTokens({ slot: 'MONEY', value, text: '' }));
  const share = (a: number, b: number) => [...money(a)].some((t) => money(b).has(t));

  it('lets amounts within a factor of √2 agree and twice apart or more disagree', () => {
    expect(share(950_000, 900_000)).toBe(true);
    expect(share(950_000, 1_200_000)).toBe(true);
    expect(share(950_000, 2_000_000)).toBe(false);
    expect(share(950_000, 30_000)).toBe(false);
  });

  it('compares years exactly', () => {
    expect(specificTokens({ slot: 'YEAR', value: 2021, text: '' })).toEqual(['2021']);
  });
});
