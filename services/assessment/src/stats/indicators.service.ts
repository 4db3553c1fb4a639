import type { DataSource } from 'typeorm';

import type { Caller } from '@petition/auth';
import { chinaTime, endOfChinaDay } from '@petition/clock';

import type { Period } from './period';
import { percent } from './period';
import { statsScope } from './stats.service';

export interface IndicatorUnit {
  regionPrefix?: string | null;
  departmentCode?: string | null;
}

export interface Indicator {
  code: string;
  name: string;
  definition: string;
  numerator: number;
  denominator: number | null;
  /** Percent with one decimal; null without a denominator or when it is 0. */
  value: number | null;
}

interface Definition {
  code: string;
  name: string;
  definition: string;
  /** The facts counted: those of `table` whose `at` falls in the period and `region` in the unit. */
  table: 'case_fact' | 'petition_fact' | 'visit_fact' | 'screening_fact';
  at: string;
  region: string;
  /** The numerator's condition; an indicator without it is a count (no denominator). */
  numerator?: string;
  /** False where the facts belong to no department (a unit asking for one gets nothing). */
  byDepartment: boolean;
}

// Every indicator counts the events that fell in the period (China dates, both ends included).
export const INDICATORS: Definition[] = [
  {
    code: 'TIMELY_ACCEPTANCE',
    name: '及时受理率',
    definition: '期内受理的案件中，在15日受理期限内受理的比例',
    table: 'case_fact',
    at: 'accepted_at',
    region: 'region_code',
    numerator: 'accepted_on_time',
    byDepartment: true,
  },
  {
    code: 'ON_TIME_COMPLETION',
    name: '按期办结率',
    definition: '期内出具答复意见书的案件中，在办理期限（含延期）内答复的比例',
    table: 'case_fact',
    at: 'replied_at',
    region: 'region_code',
    numerator: 'replied_on_time',
    byDepartment: true,
  },
  {
    code: 'SATISFACTION',
    name: '满意率',
    definition: '期内作出的评价中，满意和基本满意的比例',
    table: 'case_fact',
    at: 'rated_at',
    region: 'region_code',
    numerator: "satisfaction IN ('SATISFIED', 'BASICALLY_SATISFIED')",
    byDepartment: true,
  },
  {
    code: 'RATING_RATE',
    name: '参评率',
    definition: '期内答复的案件中，信访人已作出评价的比例',
    table: 'case_fact',
    at: 'replied_at',
    region: 'region_code',
    numerator: 'rated_at IS NOT NULL',
    byDepartment: true,
  },
  {
    code: 'REPEAT_RATE',
    name: '重复访率',
    definition: '期内登记的信访件中，被认定为重复件的比例',
    table: 'petition_fact',
    at: 'registered_at',
    region: 'region_code',
    numerator: 'repeat_of IS NOT NULL',
    byDepartment: true,
  },
  {
    code: 'FIRST_HANDLING_RESOLUTION',
    name: '初次办理化解率',
    definition: '期内办结的案件中，信访人未申请复查、复核（答复后申请期满）即办结的比例',
    table: 'case_fact',
    at: 'closed_at',
    region: 'region_code',
    numerator: "NOT review_requested AND closed_reason = 'APPEAL_PERIOD_LAPSED'",
    byDepartment: true,
  },
  {
    code: 'SETTLED_IN_HALL',
    name: '大厅化解率',
    definition: '期内联合接访大厅接待的来访中，当场化解的比例',
    table: 'visit_fact',
    at: 'served_at',
    region: 'hall_region_code',
    numerator: 'settled_in_hall',
    byDepartment: true,
  },
  {
    code: 'SCREENING_ON_TIME',
    name: '排查报告按时报送率',
    definition: '期内到期的排查报告（含零报告）中，按时报送的比例；漏报计入分母',
    table: 'screening_fact',
    at: 'due_at',
    region: 'unit_code',
    numerator: 'on_time',
    byDepartment: false,
  },
  {
    code: 'OVERDUE_CASES',
    name: '逾期案件数',
    definition: '期内首次逾期的案件数（任一决定期限届满未办）',
    table: 'case_fact',
    at: 'overdue_at',
    region: 'region_code',
    byDepartment: true,
  },
];

/** One row (n, d) for the period ($1, $2 instants), region prefix $3, department $4 (or null). */
function indicatorSql(schema: string, def: Definition): string {
  const counts = def.numerator ? `count(*) FILTER (WHERE ${def.numerator}) AS n, count(*) AS d` : 'count(*) AS n, NULL::bigint AS d';
  const department = def.byDepartment ? '($4::text IS NULL OR department_code = $4)' : '$4::text IS NULL';
  return `SELECT ${counts} FROM ${schema}.${def.table}
    WHERE ${def.at} BETWEEN $1 AND $2 AND ${def.region} LIKE $3 || '%' AND ${department}`;
}

export class IndicatorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema = 'assessment',
  ) {}

  async indicators(caller: Caller, unit: IndicatorUnit, period: Period, codes?: string[] | null): Promise<Indicator[]> {
    const prefix = statsScope(caller, unit.regionPrefix);
    const from = chinaTime(period.from, '00:00');
    const to = endOfChinaDay(period.to);
    const out: Indicator[] = [];
    for (const def of INDICATORS.filter((d) => !codes?.length || codes.includes(d.code))) {
      const [row] = await this.dataSource.query(indicatorSql(this.schema, def), [from, to, prefix, unit.departmentCode ?? null]);
      const n = Number(row.n);
      const d = row.d === null ? null : Number(row.d);
      out.push({
        code: def.code,
        name: def.name,
        definition: def.definition,
        numerator: n,
        denominator: d,
        value: d ? percent(n, d) : null,
      });
    }
    return out;
  }
}
