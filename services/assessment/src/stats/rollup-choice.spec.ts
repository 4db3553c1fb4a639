import { parsePeriod, previousYear } from './period';
import { chooseRollup } from './stats.service';

const year = parsePeriod({ year: 2025 });
const periods = [year, previousYear(year)];

describe('which rollup a query reads', () => {
  it('takes the coarse monthly rollup for whole months at county depth, with channel and nature', () => {
    expect(chooseRollup(['LEVEL', 'VISIT_KIND', 'MONTH'], {}, 6, '3301', periods).table).toBe('monthly_rollup');
    expect(chooseRollup(['CHANNEL', 'NATURE'], { regionPrefix: '330102' }, 6, '330102', periods).table).toBe('monthly_rollup');
  });
  it('takes the department rollup for departments, the township rollup below the county', () => {
    expect(chooseRollup(['DEPARTMENT'], {}, 6, '3301', periods).table).toBe('monthly_department');
    expect(chooseRollup(['CATEGORY'], { departmentCodes: ['D-X'] }, 6, '3301', periods).table).toBe('monthly_department');
    expect(chooseRollup(['REGION'], { regionDigits: 9 }, 9, '3301', periods).table).toBe('monthly_township');
    expect(chooseRollup(['LEVEL'], {}, 6, '330102001', periods).table).toBe('monthly_township');
  });
  it('falls back to the daily rollup when no monthly one has the columns, or the period is not whole months', () => {
    expect(chooseRollup(['DEPARTMENT', 'CHANNEL'], {}, 6, '3301', periods).table).toBe('daily_rollup');
    expect(chooseRollup(['REGION', 'DEPARTMENT'], {}, 9, '3301', periods).table).toBe('daily_rollup');
    expect(chooseRollup(['REGION'], {}, 12, '3301', periods).table).toBe('daily_rollup');
    const range = parsePeriod({ from: '2025-06-04', to: '2025-06-30' });
    expect(chooseRollup(['LEVEL'], {}, 6, '3301', [range]).table).toBe('daily_rollup');
    const february = parsePeriod({ month: '2024-02' });
    expect(chooseRollup(['LEVEL'], {}, 6, '3301', [february, previousYear(february)]).table).toBe('monthly_rollup');
  });
});
