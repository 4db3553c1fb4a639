import type { DataSource } from 'typeorm';

import type { Caller } from '@petition/auth';
import { endOfChinaDay } from '@petition/clock';

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
  /** SQL returning one row (n, d) for the period ($1, $2 instants), region prefix $3, department $4 (or null). */
  sql: (s: string) => string;
  rate: boolean;
}

// Every indicator counts the events that fell in the period (China dates, both ends included).
export const INDICATORS: Definition[] = [
  {
    code: 'TIMELY_ACCEPTANCE',
    name: '及时受理率',
    definition: '期内受理的案件中，在15日受理期限内受理的比例',
    rate: true,
    sql: (s) => `SELECT count(*) FILTER (WHERE accepted_on_time) AS n, count(*) AS d FROM ${s}.case_fact
      WHERE accepted_at BETWEEN $1 AND $2 AND region_code LIKE $3 || '%' AND ($4::text IS NULL OR department_code = $4)`,
  },
  {
    code: 'ON_TIME_COMPLETION',
    name: '按期办结率',
    definition: '期内出具答复意见书的案件中，在办理期限（含延期）内答复的比例',
    rate: true,
    sql: (s) => `SELECT count(*) FILTER (WHERE replied_on_time) AS n, count(*) AS d FROM ${s}.case_fact
      WHERE replied_at BETWEEN $1 AND $2 AND region_code LIKE $3 || '%' AND ($4::text IS NULL OR department_code = $4)`,
  },
  {
    code: 'SATISFACTION',
    name: '满意率',
    definition: '期内作出的评价中，满意和基本满意的比例',
    rate: true,
    sql: (s) => `SELECT count(*) FILTER (WHERE satisfaction IN ('SATISFIED', 'BASICALLY_SATISFIED')) AS n, count(*) AS d FROM ${s}.case_fact
      WHERE rated_at BETWEEN $1 AND $2 AND region_code LIKE $3 || '%' AND ($4::text IS NULL OR department_code = $4)`,
  },
  {
    code: 'RATING_RATE',
    name: '参评率',
    definition: '期内答复的案件中，信访人已作出评价的比例',
    rate: true,
    sql: (s) => `SELECT count(*) FILTER (WHERE rated_at IS NOT NULL) AS n, count(*) AS d FROM ${s}.case_fact
      WHERE replied_at BETWEEN $1 AND $2 AND region_code LIKE $3 || '%' AND ($4::text IS NULL OR department_code = $4)`,
  },
  {
    code: 'REPEAT_RATE',
    name: '重复访率',
    definition: '期内登记的信访件中，被认定为重复件的比例',
    rate: true,
    sql: (s) => `SELECT count(*) FILTER (WHERE repeat_of IS NOT NULL) AS n, count(*) AS d FROM ${s}.petition_fact
      WHERE registered_at BETWEEN $1 AND $2 AND region_code LIKE $3 || '%' AND ($4::text IS NULL OR department_code = $4)`,
  },
  {
    code: 'FIRST_HANDLING_RESOLUTION',
    name: '初次办理化解率',
    definition: '期内办结的案件中，信访人未申请复查、复核（答复后申请期满）即办结的比例',
    rate: true,
    sql: (
      s,
    ) => `SELECT count(*) FILTER (WHERE NOT review_requested AND closed_reason = 'APPEAL_PERIOD_LAPSED') AS n, count(*) AS d FROM ${s}.case_fact
      WHERE closed_at BETWEEN $1 AND $2 AND region_code LIKE $3 || '%' AND ($4::text IS NULL OR department_code = $4)`,
  },
  {
    code: 'SETTLED_IN_HALL',
    name: '大厅化解率',
    definition: '期内联合接访大厅接待的来访中，当场化解的比例',
    rate: true,
    sql: (s) => `SELECT count(*) FILTER (WHERE settled_in_hall) AS n, count(*) AS d FROM ${s}.visit_fact
      WHERE served_at BETWEEN $1 AND $2 AND hall_region_code LIKE $3 || '%' AND ($4::text IS NULL OR department_code = $4)`,
  },
  {
    code: 'SCREENING_ON_TIME',
    name: '排查报告按时报送率',
    definition: '期内到期的排查报告（含零报告）中，按时报送的比例；漏报计入分母',
    rate: true,
    sql: (s) => `SELECT count(*) FILTER (WHERE on_time) AS n, count(*) AS d FROM ${s}.screening_fact
      WHERE due_at BETWEEN $1 AND $2 AND unit_code LIKE $3 || '%' AND $4::text IS NULL`,
  },
  {
    code: 'OVERDUE_CASES',
    name: '逾期案件数',
    definition: '期内首次逾期的案件数（任一决定期限届满未办）',
    rate: false,
    sql: (s) => `SELECT count(*) AS n, NULL::bigint AS d FROM ${s}.case_fact c
      WHERE overdue_at BETWEEN $1 AND $2 AND coalesce(region_code, (SELECT region_code FROM ${s}.petition_fact f WHERE f.petition_id = c.petition_id), '') LIKE $3 || '%'
        AND ($4::text IS NULL OR department_code = $4)`,
  },
];

export class IndicatorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema = 'assessment',
  ) {}

  async indicators(caller: Caller, unit: IndicatorUnit, period: Period, codes?: string[] | null): Promise<Indicator[]> {
    const prefix = statsScope(caller, unit.regionPrefix);
    const from = new Date(endOfChinaDay(period.from).getTime() - 86_400_000 + 1);
    const to = endOfChinaDay(period.to);
    const out: Indicator[] = [];
    for (const def of INDICATORS.filter((d) => !codes?.length || codes.includes(d.code))) {
      const [row] = await this.dataSource.query(def.sql(this.schema), [from, to, prefix, unit.departmentCode ?? null]);
      const n = Number(row.n);
      const d = row.d === null ? null : Number(row.d);
      out.push({
        code: def.code,
        name: def.name,
        definition: def.definition,
        numerator: n,
        denominator: d,
        value: def.rate && d ? percent(n, d) : null,
      });
    }
    return out;
  }
}
