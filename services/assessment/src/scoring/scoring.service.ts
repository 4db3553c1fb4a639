import type { DataSource } from 'typeorm';

import type { Caller } from '@petition/auth';
import { hasRole } from '@petition/auth';
import { addDays, chinaTime, endOfChinaDay } from '@petition/clock';
import { CodedError } from '@petition/subgraph';

import type { Period } from '../stats/period';
import { statsScope } from '../stats/stats.service';
import type { MissedReportFact, PetitionScoreFact, UnitScore } from './rules';
import { rank, RuleSetDefinition, scoreUnits } from './rules';

export interface RuleSetRow {
  code: string;
  version: number;
  name: string;
  definition: RuleSetDefinition;
  createdAt: Date;
}

export interface Ranking {
  ruleSet: RuleSetRow;
  period: Period;
  regionPrefix: string;
  rows: Array<UnitScore & { rank: number }>;
}

const startOf = (day: string) => chinaTime(day, '00:00');

/** Rule sets (versioned) and the rankings they produce, each deduction traced to its events. */
export class ScoringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema = 'assessment',
  ) {}

  async ruleSets(): Promise<RuleSetRow[]> {
    const rows = await this.dataSource.query(
      `SELECT code, version, name, definition, created_at FROM ${this.schema}.rule_set ORDER BY code, version`,
    );
    return rows.map(toRuleSet);
  }

  async ruleSet(code: string, version?: number | null): Promise<RuleSetRow> {
    const [row] = await this.dataSource.query(
      `SELECT code, version, name, definition, created_at FROM ${this.schema}.rule_set WHERE code = $1 AND ($2::int IS NULL OR version = $2)
       ORDER BY version DESC LIMIT 1`,
      [code, version ?? null],
    );
    if (!row) throw new CodedError('NOT_FOUND', `考核规则 ${code}${version ? ` v${version}` : ''} 不存在`, { field: 'ruleSet' });
    return toRuleSet(row);
  }

  /** A new version of a rule set (the first version when the code is new). Earlier versions stay. */
  async defineRuleSet(caller: Caller, code: string, name: string, definitionJson: string): Promise<RuleSetRow> {
    if (!hasRole(caller, 'ADMIN')) throw new CodedError('FORBIDDEN');
    if (!/^[A-Z][A-Z0-9_]{1,31}$/.test(code))
      throw new CodedError('BAD_USER_INPUT', '规则代码为2–32位大写字母、数字、下划线', { field: 'code' });
    let definition: RuleSetDefinition;
    try {
      definition = RuleSetDefinition.parse(JSON.parse(definitionJson));
    } catch (error) {
      const detail = error instanceof SyntaxError ? '不是有效的 JSON' : '不符合规则格式（见 docs/assessment.md）';
      throw new CodedError('BAD_USER_INPUT', `definition ${detail}`, { field: 'definition' });
    }
    const [row] = await this.dataSource.query(
      `INSERT INTO ${this.schema}.rule_set (code, version, name, definition, created_by)
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4 FROM ${this.schema}.rule_set WHERE code = $1
       RETURNING code, version, name, definition, created_at`,
      [code, name, JSON.stringify(definition), caller.subject],
    );
    return toRuleSet(row);
  }

  async rankings(
    caller: Caller,
    code: string,
    version: number | null | undefined,
    period: Period,
    regionPrefix?: string | null,
  ): Promise<Ranking> {
    const prefix = statsScope(caller, regionPrefix);
    const ruleSet = await this.ruleSet(code, version);
    const rules = ruleSet.definition;
    const digits = rules.unit === 'TOWNSHIP' ? 9 : 6;
    const s = this.schema;
    const q = this.dataSource;

    const units: string[] = (
      await q.query(
        `SELECT DISTINCT left(region_code, ${digits}) AS unit FROM ${s}.petition_fact WHERE length(region_code) >= ${digits} AND region_code LIKE $1 || '%'
         UNION SELECT DISTINCT left(unit_code, ${digits}) FROM ${s}.screening_fact WHERE length(unit_code) >= ${digits} AND unit_code LIKE $1 || '%'
         ORDER BY 1`,
        [prefix],
      )
    ).map((r: { unit: string }) => r.unit);

    // Petitions of the period score; a veto anywhere in the calendar year up to the period's end vetoes.
    const yearStart = `${period.to.slice(0, 4)}-01-01`;
    const petitions = async (from: string, to: string): Promise<PetitionScoreFact[]> =>
      (
        await q.query(
          `SELECT p.petition_id, p.event_id, left(p.region_code, ${digits}) AS unit, p.level, p.visit_kind, p.registered_at,
             (SELECT r.linked_event_id FROM ${s}.risk_link r WHERE r.petition_id = p.petition_id AND r.unit_code LIKE left(p.region_code, ${digits}) || '%'
                AND r.reported_at < p.registered_at ORDER BY r.reported_at LIMIT 1) AS early,
             (SELECT c.overdue_event_id FROM ${s}.case_fact c WHERE c.petition_id = p.petition_id AND c.mode = 'ASSIGN' AND c.overdue_event_id IS NOT NULL
                ORDER BY c.overdue_at LIMIT 1) AS late
           FROM ${s}.petition_fact p
           WHERE p.registered_at BETWEEN $1 AND $2 AND length(p.region_code) >= ${digits} AND p.region_code LIKE $3 || '%' AND NOT p.not_accepted`,
          [startOf(from), endOfChinaDay(to), prefix],
        )
      ).map((r: any) => ({
        petitionId: r.petition_id,
        eventId: r.event_id,
        unitCode: r.unit,
        level: r.level,
        visitKind: r.visit_kind,
        registeredAt: r.registered_at.toISOString(),
        earlySignalEventId: r.early,
        lateHandlingEventId: r.late,
      }));
    const inPeriod = await petitions(period.from, period.to);
    const missed: MissedReportFact[] = (
      await q.query(
        `SELECT left(unit_code, ${digits}) AS unit, unit_code, period_key, missed_event_id FROM ${s}.screening_fact
         WHERE missed_event_id IS NOT NULL AND due_at BETWEEN $1 AND $2 AND length(unit_code) >= ${digits} AND unit_code LIKE $3 || '%'`,
        [startOf(period.from), endOfChinaDay(period.to), prefix],
      )
    ).map((r: any) => ({ unitCode: r.unit, reportingUnitCode: r.unit_code, periodKey: r.period_key, eventId: r.missed_event_id }));

    const scores = scoreUnits(rules, units, inPeriod, missed);
    if (yearStart < period.from) {
      const before = await petitions(yearStart, addDays(period.from, -1));
      const vetoes = scoreUnits(rules, [], before, []).filter((u) => u.veto);
      for (const v of vetoes) {
        const target = scores.find((u) => u.unitCode === v.unitCode)!;
        target.veto = true;
        target.items.push(...v.items.filter((i) => i.reason === 'VETO').map((i) => ({ ...i, note: `${i.note}（本年度此前）` })));
      }
    }
    return { ruleSet, period, regionPrefix: prefix, rows: rank(scores) };
  }
}

function toRuleSet(row: any): RuleSetRow {
  return { code: row.code, version: row.version, name: row.name, definition: row.definition, createdAt: row.created_at };
}
