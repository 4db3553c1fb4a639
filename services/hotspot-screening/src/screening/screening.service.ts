import { randomUUID } from 'crypto';

import type { DataSource, EntityManager } from 'typeorm';

import type { Caller } from '@petition/auth';
import { hasRole, inJurisdiction } from '@petition/auth';
import type { Clock } from '@petition/clock';
import { addDays, daysBetween, isCivilDate } from '@petition/clock';
import type { Outbox } from '@petition/events';
import { CodedError, isUuid } from '@petition/subgraph';

import { derivedUuid } from '../hotspot/rules';
import type { Cadence, Schedule, ScreeningPeriod, UnitLevel } from './schedule';
import { chinaDay, periodByKey, periodContaining, periodsOverlapping, SENSITIVE_CADENCE, sensitiveDays } from './schedule';
import type {
  ComplianceFilterInput,
  LinkRiskItemInput,
  PeriodInput,
  RiskItem,
  RiskItemFilterInput,
  RiskItemInput,
  ScreeningCompliance,
  ScreeningReport,
  ScreeningUnitInput,
  SensitivePeriodInput,
  UnitCompliance,
} from './screening.model';

/** Who reads screening (compliance, reports, risk items) within their jurisdiction. */
export const SCREENING_READERS = ['ADMIN', 'CLERK', 'SUPERVISOR', 'LEADER', 'ANALYST', 'REPORTER'] as const;
/** Who submits a unit's report: its information officer (信息员), or an administrator. */
export const SCREENING_REPORTERS = ['REPORTER', 'ADMIN'] as const;
/** Who works risk items: links, assigns and resolves them. */
export const RISK_WORKERS = ['ADMIN', 'SUPERVISOR', 'LEADER', 'REPORTER'] as const;

type UnitRow = { code: string; name: string; level: UnitLevel; active: boolean; reporting_since: Date };
type ReportRow = {
  id: string;
  unit_code: string;
  period_key: string;
  due_at: Date;
  submitted_at: Date;
  on_time: boolean;
  zero_report: boolean;
  note: string | null;
};
type RiskRow = {
  id: string;
  report_id: string;
  unit_code: string;
  issue: string;
  category_code: string;
  place: string;
  estimated_people: number;
  organization: string | null;
  measures: string;
  responsible_official: string;
  collective_signal: boolean;
  status: string;
  assignee: string | null;
  hotspot_id: string | null;
  petition_id: string | null;
  resolution: string | null;
  reported_at: Date;
  resolved_at: Date | null;
  version: number;
};
type SensitiveRow = { id: string; name: string; starts_on: string; ends_on: string; region_prefix: string };

function toUnit(r: UnitRow) {
  return { code: r.code, name: r.name, level: r.level, active: r.active, reportingSince: r.reporting_since };
}

function toRisk(r: RiskRow): RiskItem {
  return {
    id: r.id,
    reportId: r.report_id,
    unitCode: r.unit_code,
    issue: r.issue,
    categoryCode: r.category_code,
    place: r.place,
    estimatedPeople: r.estimated_people,
    organization: r.organization,
    measures: r.measures,
    responsibleOfficial: r.responsible_official,
    collectiveSignal: r.collective_signal,
    status: r.status,
    assignee: r.assignee,
    hotspotId: r.hotspot_id,
    petitionId: r.petition_id,
    resolution: r.resolution,
    reportedAt: r.reported_at,
    resolvedAt: r.resolved_at,
  };
}

const UNIT_LEVEL_LENGTH: Record<UnitLevel, number> = { DISTRICT: 6, TOWNSHIP: 9, VILLAGE: 12 };

export class ScreeningService {
  constructor(
    private readonly deps: {
      dataSource: DataSource;
      outbox: Outbox;
      clock: Clock;
      schedule: Schedule;
    },
  ) {}

  // ---- units and sensitive periods -------------------------------------------------------

  async defineUnit(caller: Caller, input: ScreeningUnitInput) {
    if (!inJurisdiction(caller, input.code)) throw new CodedError('FORBIDDEN', '只能设置本辖区的排查单位', { field: 'code' });
    if (input.code.length !== UNIT_LEVEL_LENGTH[input.level as UnitLevel]) {
      throw new CodedError('BAD_USER_INPUT', '单位代码长度与层级不符（区县6位、乡镇9位、村12位）', { field: 'code' });
    }
    const since = input.reportingSince ?? this.deps.clock.now();
    if (Number.isNaN(since.getTime())) throw new CodedError('BAD_USER_INPUT', '起报时间无效', { field: 'reportingSince' });
    const [row] = await this.deps.dataSource.query(
      `INSERT INTO hotspot.screening_unit (code, name, level, active, reporting_since) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO UPDATE SET name = $2, level = $3, active = $4, reporting_since = COALESCE($6, hotspot.screening_unit.reporting_since)
       RETURNING *`,
      [input.code, input.name.trim(), input.level, input.active ?? true, since, input.reportingSince ?? null],
    );
    return toUnit(row);
  }

  async units(caller: Caller, prefix?: string) {
    const rows: UnitRow[] = await this.deps.dataSource.query(
      `SELECT * FROM hotspot.screening_unit WHERE code LIKE $1 || '%' AND code LIKE $2 || '%' ORDER BY code`,
      [caller.jurisdiction, prefix ?? ''],
    );
    return rows.map(toUnit);
  }

  async defineSensitivePeriod(caller: Caller, input: SensitivePeriodInput) {
    if (!inJurisdiction(caller, input.regionPrefix))
      throw new CodedError('FORBIDDEN', '只能为本辖区设置敏感时期', { field: 'regionPrefix' });
    try {
      sensitiveDays(input.startsOn, input.endsOn);
    } catch (error) {
      throw new CodedError('BAD_USER_INPUT', '敏感时期的起止日期无效（结束不早于开始，最长366天）', {
        field: 'endsOn',
        reason: String((error as Error).message),
      });
    }
    const [row] = await this.deps.dataSource.query(
      `INSERT INTO hotspot.sensitive_period (id, name, starts_on, ends_on, region_prefix, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, name, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, region_prefix`,
      [randomUUID(), input.name.trim(), input.startsOn, input.endsOn, input.regionPrefix, caller.subject, this.deps.clock.now()],
    );
    return toSensitive(row);
  }

  async sensitivePeriods(caller: Caller) {
    const rows: SensitiveRow[] = await this.sensitiveRows();
    return rows
      .filter((r) => r.region_prefix.startsWith(caller.jurisdiction) || caller.jurisdiction.startsWith(r.region_prefix))
      .map(toSensitive);
  }

  private sensitiveRows(): Promise<SensitiveRow[]> {
    return this.deps.dataSource.query(
      `SELECT id, name, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, region_prefix
         FROM hotspot.sensitive_period ORDER BY starts_on, id`,
    );
  }

  // ---- reports -----------------------------------------------------------------------------

  async submit(
    caller: Caller,
    input: { unitCode: string; periodKey?: string; note?: string; riskItems: RiskItemInput[] },
  ): Promise<ScreeningReport> {
    const { dataSource, clock, outbox } = this.deps;
    const now = clock.now();
    const zero = input.riskItems.length === 0;
    return dataSource.transaction(async (tx) => {
      const unit = await this.unitForReporter(tx, caller, input.unitCode);
      const period = await this.resolvePeriod(tx, unit, input.periodKey, now);
      const reportId = randomUUID();
      const onTime = now.getTime() <= period.dueAt.getTime();
      const inserted: ReportRow[] = await tx.query(
        `INSERT INTO hotspot.screening_report (id, unit_code, period_key, due_at, submitted_at, on_time, zero_report, note, submitted_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (unit_code, period_key) DO NOTHING RETURNING *`,
        [reportId, unit.code, period.key, period.dueAt, now, onTime, zero, input.note?.trim() || null, caller.subject],
      );
      if (!inserted.length)
        throw new CodedError('ALREADY_REPORTED', `${unit.name} ${period.key}`, { field: 'periodKey', periodKey: period.key });
      const items: RiskRow[] = [];
      for (const item of input.riskItems) {
        const [row] = await tx.query(
          `INSERT INTO hotspot.risk_item (id, report_id, unit_code, issue, category_code, place, estimated_people, organization, measures,
             responsible_official, collective_signal, status, reported_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'OPEN', $12) RETURNING *`,
          [
            randomUUID(),
            reportId,
            unit.code,
            item.issue.trim(),
            item.categoryCode,
            item.place.trim(),
            item.estimatedPeople,
            item.organization?.trim() || null,
            item.measures.trim(),
            item.responsibleOfficial.trim(),
            item.collectiveSignal ?? false,
            now,
          ],
        );
        items.push(row);
        await outbox.append(tx, {
          type: 'hotspot.riskItem.reported',
          aggregateId: row.id,
          aggregateVersion: 1,
          occurredAt: now,
          data: {
            riskItemId: row.id,
            reportId,
            unitCode: unit.code,
            categoryCode: row.category_code,
            estimatedPeople: row.estimated_people,
            collectiveSignal: row.collective_signal,
            reportedAt: now.toISOString(),
          },
        });
      }
      await outbox.append(tx, {
        type: 'hotspot.report.submitted',
        aggregateId: reportId,
        aggregateVersion: 1,
        occurredAt: now,
        data: {
          reportId,
          unitCode: unit.code,
          unitLevel: unit.level,
          periodKey: period.key,
          zeroReport: zero,
          riskItems: items.length,
          dueAt: period.dueAt.toISOString(),
          submittedAt: now.toISOString(),
          onTime,
        },
      });
      return toReport(inserted[0], items);
    });
  }

  private async unitForReporter(tx: EntityManager, caller: Caller, code: string): Promise<UnitRow> {
    const [unit]: UnitRow[] = await tx.query(`SELECT * FROM hotspot.screening_unit WHERE code = $1`, [code]);
    if (!unit || !inJurisdiction(caller, code)) throw new CodedError('UNIT_NOT_FOUND', undefined, { field: 'unitCode' });
    if (!unit.active) throw new CodedError('INVALID_STATE', '该单位已停用', { field: 'unitCode' });
    return unit;
  }

  /** The period a report is for: the given key (its own cadence, or a sensitive day), else the current one. */
  private async resolvePeriod(tx: EntityManager, unit: UnitRow, key: string | undefined, now: Date): Promise<ScreeningPeriod> {
    const cadence = this.deps.schedule[unit.level];
    let period: ScreeningPeriod;
    if (!key) {
      period = periodContaining(cadence, now);
    } else if (key.startsWith('D') && cadence.kind !== 'DAILY') {
      period = parseKey(SENSITIVE_CADENCE, key);
      const covering = await tx.query(
        `SELECT 1 FROM hotspot.sensitive_period WHERE $1::date BETWEEN starts_on AND ends_on AND $2 LIKE region_prefix || '%' LIMIT 1`,
        [period.startsOn, unit.code],
      );
      if (!covering.length) throw new CodedError('PERIOD_NOT_OPEN', `${key}不在适用于本单位的敏感时期内`, { field: 'periodKey' });
    } else {
      period = parseKey(cadence, key);
    }
    if (period.startsOn > chinaDay(now)) throw new CodedError('PERIOD_NOT_OPEN', `${period.key}尚未开始`, { field: 'periodKey' });
    if (period.endsOn < chinaDay(unit.reporting_since)) {
      throw new CodedError('PERIOD_NOT_OPEN', `${period.key}早于本单位起报日期`, { field: 'periodKey' });
    }
    return period;
  }

  async reports(caller: Caller, unitCode: string, limit = 20): Promise<ScreeningReport[]> {
    if (!inJurisdiction(caller, unitCode)) return [];
    const rows: ReportRow[] = await this.deps.dataSource.query(
      `SELECT * FROM hotspot.screening_report WHERE unit_code = $1 ORDER BY due_at DESC LIMIT $2`,
      [unitCode, limit],
    );
    const items: RiskRow[] = rows.length
      ? await this.deps.dataSource.query(`SELECT * FROM hotspot.risk_item WHERE report_id = ANY($1::uuid[]) ORDER BY reported_at, id`, [
          rows.map((r) => r.id),
        ])
      : [];
    return rows.map((r) =>
      toReport(
        r,
        items.filter((i) => i.report_id === r.id),
      ),
    );
  }

  // ---- missed reports and compliance --------------------------------------------------------

  /** The cadences a unit reports on between two days: its own, plus daily in sensitive periods covering it. */
  private expectedPeriods(unit: UnitRow, sensitive: SensitiveRow[], fromDay: string, toDay: string, now: Date): ScreeningPeriod[] {
    const since = unit.reporting_since.getTime();
    // A period counts once its due time has passed: a report at the due instant itself is on time.
    const due = (p: ScreeningPeriod) => p.dueAt.getTime() > since && p.dueAt.getTime() < now.getTime();
    const inRange = (p: ScreeningPeriod) => {
      const d = chinaDay(p.dueAt);
      return d >= fromDay && d <= toDay;
    };
    const out = periodsOverlapping(this.deps.schedule[unit.level], addDays(fromDay, -31), toDay).filter((p) => due(p) && inRange(p));
    const cadence: Cadence = this.deps.schedule[unit.level];
    if (cadence.kind !== 'DAILY') {
      const days = new Set<string>();
      for (const s of sensitive) {
        if (!unit.code.startsWith(s.region_prefix)) continue;
        for (const d of sensitiveDays(s.starts_on, s.ends_on)) if (d >= fromDay && d <= toDay) days.add(d);
      }
      for (const d of [...days].sort()) {
        const p = periodByKey(SENSITIVE_CADENCE, `D${d}`);
        if (due(p)) out.push(p);
      }
    }
    return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key));
  }

  /**
   * Finds periods whose due time has passed without a report (looking back `lookbackDays`), records
   * each once and emits `hotspot.report.missed`. A report submitted later turns it into LATE.
   */
  async scanMissed(lookbackDays = 62): Promise<number> {
    const { dataSource, clock, outbox } = this.deps;
    const now = clock.now();
    const units: UnitRow[] = await dataSource.query(`SELECT * FROM hotspot.screening_unit WHERE active ORDER BY code`);
    const sensitive = await this.sensitiveRows();
    const fromDay = chinaDay(new Date(now.getTime() - lookbackDays * 86_400_000));
    let missed = 0;
    for (const unit of units) {
      const periods = this.expectedPeriods(unit, sensitive, fromDay, chinaDay(now), now);
      if (!periods.length) continue;
      const known = new Set<string>(
        (
          await dataSource.query(
            `SELECT period_key FROM hotspot.screening_report WHERE unit_code = $1 AND period_key = ANY($2)
             UNION SELECT period_key FROM hotspot.missed_report WHERE unit_code = $1 AND period_key = ANY($2)`,
            [unit.code, periods.map((p) => p.key)],
          )
        ).map((r: { period_key: string }) => r.period_key),
      );
      for (const p of periods.filter((x) => !known.has(x.key))) {
        await dataSource.transaction(async (tx) => {
          const rows: unknown[] = await tx.query(
            `INSERT INTO hotspot.missed_report (unit_code, period_key, due_at, detected_at)
             SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM hotspot.screening_report WHERE unit_code = $1 AND period_key = $2)
             ON CONFLICT DO NOTHING RETURNING period_key`,
            [unit.code, p.key, p.dueAt, now],
          );
          if (!rows.length) return;
          missed += 1;
          await outbox.append(tx, {
            type: 'hotspot.report.missed',
            aggregateId: derivedUuid('missed-report', unit.code, p.key),
            aggregateVersion: 1,
            occurredAt: now,
            data: {
              unitCode: unit.code,
              unitLevel: unit.level,
              periodKey: p.key,
              dueAt: p.dueAt.toISOString(),
              detectedAt: now.toISOString(),
            },
          });
        });
      }
    }
    return missed;
  }

  async compliance(caller: Caller, period: PeriodInput, filter: ComplianceFilterInput = {}): Promise<ScreeningCompliance> {
    for (const field of ['from', 'to'] as const) {
      if (!isCivilDate(period[field])) throw new CodedError('BAD_USER_INPUT', '日期不存在', { field });
    }
    if (period.to < period.from) throw new CodedError('BAD_USER_INPUT', '结束日期不能早于开始日期', { field: 'to' });
    if (daysBetween(period.from, period.to) > 366) throw new CodedError('BAD_USER_INPUT', '统计区间最长366天', { field: 'to' });
    const { dataSource, clock } = this.deps;
    const now = clock.now();
    const units: UnitRow[] = await dataSource.query(
      `SELECT * FROM hotspot.screening_unit WHERE code LIKE $1 || '%' AND code LIKE $2 || '%' AND ($3::text IS NULL OR level = $3) ORDER BY code`,
      [caller.jurisdiction, filter.unitPrefix ?? '', filter.level ?? null],
    );
    const sensitive = await this.sensitiveRows();
    const reports: Array<ReportRow & { items: number }> = units.length
      ? await dataSource.query(
          `SELECT r.*, (SELECT count(*)::int FROM hotspot.risk_item i WHERE i.report_id = r.id) AS items
             FROM hotspot.screening_report r WHERE r.unit_code = ANY($1)`,
          [units.map((u) => u.code)],
        )
      : [];
    const byUnit = new Map<string, Map<string, ReportRow & { items: number }>>();
    for (const r of reports) {
      if (!byUnit.has(r.unit_code)) byUnit.set(r.unit_code, new Map());
      byUnit.get(r.unit_code)!.set(r.period_key, r);
    }
    const rows: UnitCompliance[] = units.map((unit) => {
      const periods = this.expectedPeriods(unit, sensitive, period.from, period.to, now);
      const mine = byUnit.get(unit.code) ?? new Map();
      const statuses = periods.map((p) => {
        const r = mine.get(p.key);
        return {
          periodKey: p.key,
          dueAt: p.dueAt,
          timeliness: r ? (r.on_time ? 'ON_TIME' : 'LATE') : 'MISSING',
          zeroReport: r ? r.zero_report : null,
          items: r?.items ?? 0,
        };
      });
      const count = (t: string) => statuses.filter((s) => s.timeliness === t).length;
      return {
        unit: toUnit(unit),
        expected: statuses.length,
        onTime: count('ON_TIME'),
        late: count('LATE'),
        missing: count('MISSING'),
        zeroReports: statuses.filter((s) => s.zeroReport).length,
        riskItems: statuses.reduce((n, s) => n + s.items, 0),
        onTimeRate: statuses.length ? round3(count('ON_TIME') / statuses.length) : null,
        periods: statuses.map(({ periodKey, dueAt, timeliness, zeroReport }) => ({ periodKey, dueAt, timeliness, zeroReport })),
      };
    });
    const sum = (f: (u: UnitCompliance) => number) => rows.reduce((n, u) => n + f(u), 0);
    const expected = sum((u) => u.expected);
    return {
      from: period.from,
      to: period.to,
      expected,
      onTime: sum((u) => u.onTime),
      late: sum((u) => u.late),
      missing: sum((u) => u.missing),
      onTimeRate: expected ? round3(sum((u) => u.onTime) / expected) : null,
      units: rows,
    };
  }

  // ---- risk items ----------------------------------------------------------------------------

  async riskItems(caller: Caller, filter: RiskItemFilterInput): Promise<RiskItem[]> {
    if (filter.hotspotId && !isUuid(filter.hotspotId)) throw new CodedError('BAD_USER_INPUT', '热点编号格式不正确', { field: 'hotspotId' });
    const rows: RiskRow[] = await this.deps.dataSource.query(
      `SELECT * FROM hotspot.risk_item WHERE unit_code LIKE $1 || '%' AND unit_code LIKE $2 || '%'
         AND ($3::text IS NULL OR status = $3) AND ($4::uuid IS NULL OR hotspot_id = $4)
       ORDER BY reported_at DESC, id DESC LIMIT $5`,
      [caller.jurisdiction, filter.unitPrefix ?? '', filter.status ?? null, filter.hotspotId ?? null, filter.limit ?? 50],
    );
    return rows.map(toRisk);
  }

  async linkRiskItem(caller: Caller, input: LinkRiskItemInput): Promise<RiskItem> {
    if (!input.hotspotId && !input.petitionId) throw new CodedError('BAD_USER_INPUT', '须指定热点或信访件', { field: 'hotspotId' });
    for (const field of ['hotspotId', 'petitionId'] as const) {
      if (input[field] && !isUuid(input[field]!)) throw new CodedError('BAD_USER_INPUT', '编号格式不正确', { field });
    }
    return this.changeRisk(caller, input.riskItemId, async (tx, row, now) => {
      if (input.hotspotId) {
        const [h] = await tx.query(`SELECT 1 FROM hotspot.hotspot WHERE id = $1`, [input.hotspotId]);
        if (!h) throw new CodedError('HOTSPOT_NOT_FOUND', undefined, { field: 'hotspotId' });
      }
      const [[updated]] = await tx.query(
        `UPDATE hotspot.risk_item SET hotspot_id = COALESCE($2, hotspot_id), petition_id = COALESCE($3, petition_id), version = version + 1
          WHERE id = $1 RETURNING *`,
        [row.id, input.hotspotId ?? null, input.petitionId ?? null],
      );
      await this.deps.outbox.append(tx, {
        type: 'hotspot.riskItem.linked',
        aggregateId: row.id,
        aggregateVersion: updated.version,
        occurredAt: now,
        data: {
          riskItemId: row.id,
          unitCode: row.unit_code,
          petitionId: updated.petition_id,
          hotspotId: updated.hotspot_id,
          linkedAt: now.toISOString(),
        },
      });
      return updated;
    });
  }

  async assignRiskItem(caller: Caller, riskItemId: string, assignee: string): Promise<RiskItem> {
    return this.changeRisk(caller, riskItemId, async (tx, row) => {
      if (row.status !== 'OPEN') throw new CodedError('INVALID_STATE', '隐患已化解', { field: 'riskItemId' });
      const [[updated]] = await tx.query(`UPDATE hotspot.risk_item SET assignee = $2 WHERE id = $1 RETURNING *`, [row.id, assignee.trim()]);
      return updated;
    });
  }

  async resolveRiskItem(caller: Caller, riskItemId: string, resolution: string): Promise<RiskItem> {
    return this.changeRisk(caller, riskItemId, async (tx, row, now) => {
      if (row.status !== 'OPEN') throw new CodedError('INVALID_STATE', '隐患已化解', { field: 'riskItemId' });
      const [[updated]] = await tx.query(
        `UPDATE hotspot.risk_item SET status = 'RESOLVED', resolution = $2, resolved_at = $3, version = version + 1 WHERE id = $1 RETURNING *`,
        [row.id, resolution.trim(), now],
      );
      await this.deps.outbox.append(tx, {
        type: 'hotspot.riskItem.resolved',
        aggregateId: row.id,
        aggregateVersion: updated.version,
        occurredAt: now,
        data: { riskItemId: row.id, unitCode: row.unit_code, resolvedAt: now.toISOString() },
      });
      return updated;
    });
  }

  private async changeRisk(
    caller: Caller,
    riskItemId: string,
    apply: (tx: EntityManager, row: RiskRow, now: Date) => Promise<RiskRow>,
  ): Promise<RiskItem> {
    if (!isUuid(riskItemId)) throw new CodedError('RISK_ITEM_NOT_FOUND', undefined, { field: 'riskItemId' });
    return this.deps.dataSource.transaction(async (tx) => {
      const [row]: RiskRow[] = await tx.query(`SELECT * FROM hotspot.risk_item WHERE id = $1 AND unit_code LIKE $2 || '%' FOR UPDATE`, [
        riskItemId,
        caller.jurisdiction,
      ]);
      if (!row || !hasRole(caller, ...RISK_WORKERS)) throw new CodedError('RISK_ITEM_NOT_FOUND', undefined, { field: 'riskItemId' });
      return toRisk(await apply(tx, row, this.deps.clock.now()));
    });
  }
}

function parseKey(cadence: Cadence, key: string): ScreeningPeriod {
  try {
    return periodByKey(cadence, key);
  } catch {
    const example: Record<Cadence['kind'], string> = {
      WEEKLY: 'W2026-W47',
      HALF_MONTHLY: 'H2026-11-1',
      MONTHLY: 'M2026-11',
      DAILY: 'D2026-11-21',
    };
    throw new CodedError('BAD_USER_INPUT', `报送期格式应如 ${example[cadence.kind]}`, { field: 'periodKey' });
  }
}

function toReport(r: ReportRow, items: RiskRow[]): ScreeningReport {
  return {
    id: r.id,
    unitCode: r.unit_code,
    periodKey: r.period_key,
    dueAt: r.due_at,
    submittedAt: r.submitted_at,
    zeroReport: r.zero_report,
    timeliness: r.on_time ? 'ON_TIME' : 'LATE',
    note: r.note,
    riskItems: items.map(toRisk),
  };
}

function toSensitive(r: SensitiveRow) {
  return { id: r.id, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on, regionPrefix: r.region_prefix };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
