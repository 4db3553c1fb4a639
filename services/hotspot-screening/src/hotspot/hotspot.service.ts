import type { DataSource, EntityManager } from 'typeorm';

import type { Caller } from '@petition/auth';
import { hasRole } from '@petition/auth';
import type { Clock } from '@petition/clock';
import type { Outbox } from '@petition/events';
import { CodedError, isUuid, keysetPage, SqlConditions } from '@petition/subgraph';

import type { Alert, AlertFilterInput, AlertStatus, Hotspot, HotspotFigures, HotspotFilterInput } from './hotspot.model';
import type { AlertSink, RaisedAlert } from './projector';
import { settledCondition } from './projector';
import { LEVEL_BY_RANK } from './rules';

const DAY_MS = 86_400_000;

/** Bureau roles and analysts see hotspots with a petition in their jurisdiction; others none. */
export const HOTSPOT_READERS = ['ADMIN', 'CLERK', 'SUPERVISOR', 'LEADER', 'ANALYST'] as const;
/** Who may work an alert: acknowledge it, put a leader in charge (包案), clear it. */
export const ALERT_WORKERS = ['ADMIN', 'SUPERVISOR', 'LEADER'] as const;
/** Who may see the petitions in a hotspot (ANALYST gets figures only). */
export const PETITION_READERS = ['ADMIN', 'CLERK', 'SUPERVISOR', 'LEADER'] as const;

export function hotspotVisibility(caller: Caller, params: unknown[], hotspotColumn: string): string {
  if (!hasRole(caller, ...HOTSPOT_READERS)) return 'false';
  params.push(caller.jurisdiction);
  return `EXISTS (SELECT 1 FROM hotspot.member vm WHERE vm.hotspot_id = ${hotspotColumn} AND vm.region_code LIKE $${params.length} || '%')`;
}

type HotspotRow = {
  id: string;
  kind: string;
  region_code: string;
  category_code: string;
  involved_organization: string | null;
  first_at: Date;
  last_at: Date;
  petitions: number;
  headcount: number;
  collective_visits: number;
  skip_level_visits: number;
  repeat_petitions: number;
  highest_rank: number;
};

type AlertRow = {
  id: string;
  hotspot_id: string;
  rule: string;
  description: string;
  raised_at: Date;
  petitions: number;
  headcount: number;
  cases_closed_at: Date | null;
  acknowledged_at: Date | null;
  owner_name: string | null;
  owner_title: string | null;
  owned_at: Date | null;
  cleared_at: Date | null;
  clear_note: string | null;
};

export function toHotspot(row: HotspotRow): Hotspot & { row: HotspotRow } {
  return {
    id: row.id,
    kind: row.kind,
    label: row.involved_organization ?? `${row.region_code} · ${row.category_code}`,
    regionCode: row.region_code,
    categoryCode: row.category_code,
    involvedOrganization: row.involved_organization,
    firstPetitionAt: row.first_at,
    lastPetitionAt: row.last_at,
    row,
  };
}

function alertStatus(row: AlertRow): AlertStatus {
  if (row.cases_closed_at || row.cleared_at) return 'CLEARED';
  if (row.owned_at) return 'OWNED';
  if (row.acknowledged_at) return 'ACKNOWLEDGED';
  return 'RAISED';
}

export function toAlert(row: AlertRow): Alert {
  const manual = row.cleared_at && (!row.cases_closed_at || row.cleared_at < row.cases_closed_at);
  return {
    id: row.id,
    hotspotId: row.hotspot_id,
    rule: row.rule,
    description: row.description,
    status: alertStatus(row),
    raisedAt: row.raised_at,
    petitionsAtRaise: row.petitions,
    headcountAtRaise: row.headcount,
    acknowledgedAt: row.acknowledged_at,
    ownerName: row.owner_name,
    ownerTitle: row.owner_title,
    ownedAt: row.owned_at,
    clearedAt: manual ? row.cleared_at : row.cases_closed_at,
    clearedReason: manual ? 'MANUAL' : row.cases_closed_at ? 'CASES_CLOSED' : null,
    clearNote: row.clear_note,
  };
}

const ALERT_SELECT = `a.id, a.hotspot_id, a.rule, a.description, a.raised_at, a.petitions, a.headcount, a.cases_closed_at,
  d.acknowledged_at, d.owner_name, d.owner_title, d.owned_at, d.cleared_at, d.clear_note`;
const ALERT_FROM = `hotspot.alert a LEFT JOIN hotspot.alert_decision d ON d.alert_id = a.id`;

export class HotspotService {
  constructor(
    private readonly deps: {
      dataSource: DataSource;
      outbox: Outbox;
      clock: Clock;
    },
  ) {}

  /** The live projection's sink: alerts go out through the outbox, in the projection's transaction. */
  alertSink(): AlertSink {
    const { outbox } = this.deps;
    return {
      raised: async (tx: EntityManager, a: RaisedAlert) => {
        await tx.query(`INSERT INTO hotspot.alert_decision (alert_id) VALUES ($1) ON CONFLICT DO NOTHING`, [a.id]);
        await outbox.append(tx, {
          type: 'hotspot.alert.raised',
          aggregateId: a.id,
          aggregateVersion: 1,
          occurredAt: a.raisedAt,
          data: {
            alertId: a.id,
            hotspotId: a.hotspotId,
            rule: a.rule,
            ruleDescription: a.description,
            regionCode: a.regionCode,
            categoryCode: a.categoryCode,
            involvedOrganization: a.involvedOrganization,
            petitions: a.petitions,
            headcount: a.headcount,
            collectiveVisits: a.collectiveVisits,
            highestLevel: a.highestLevel as never,
            triggerPetitionId: a.triggerPetitionId,
            raisedAt: a.raisedAt.toISOString(),
          },
        });
      },
      casesClosed: async (tx, a) => {
        // Already cleared by hand: that clearing was the alert's last event.
        const [[row]] = await tx.query(
          `UPDATE hotspot.alert_decision SET version = version + 1 WHERE alert_id = $1 AND cleared_at IS NULL RETURNING version`,
          [a.id],
        );
        if (!row) return;
        await outbox.append(tx, {
          type: 'hotspot.alert.cleared',
          aggregateId: a.id,
          aggregateVersion: row.version,
          occurredAt: a.clearedAt,
          data: { alertId: a.id, hotspotId: a.hotspotId, reason: 'CASES_CLOSED', clearedAt: a.clearedAt.toISOString() },
        });
      },
    };
  }

  async findManyVisible(caller: Caller, ids: readonly string[]): Promise<HotspotRow[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    const params: unknown[] = [valid];
    const visible = hotspotVisibility(caller, params, 'h.id');
    return this.deps.dataSource.query(`SELECT h.* FROM hotspot.hotspot h WHERE h.id = ANY($1::uuid[]) AND ${visible}`, params);
  }

  async list(caller: Caller, filter: HotspotFilterInput, first?: number | null, after?: string | null) {
    const c = new SqlConditions();
    c.raw((params) => hotspotVisibility(caller, params, 'h.id'));
    c.add('h.petitions >= ?', filter.minPetitions ?? 2);
    if (filter.regionPrefix) {
      c.add(`EXISTS (SELECT 1 FROM hotspot.member rm WHERE rm.hotspot_id = h.id AND rm.region_code LIKE ? || '%')`, filter.regionPrefix);
    }
    if (filter.categoryCode) {
      c.add(`EXISTS (SELECT 1 FROM hotspot.member cm WHERE cm.hotspot_id = h.id AND cm.category_code = ?)`, filter.categoryCode);
    }
    if (filter.activeSince) c.add('h.last_at >= ?', filter.activeSince);
    if (filter.alerting !== undefined && filter.alerting !== null) {
      c.where.push(
        `${filter.alerting ? '' : 'NOT '}EXISTS (SELECT 1 FROM ${ALERT_FROM} WHERE a.hotspot_id = h.id AND a.cases_closed_at IS NULL AND d.cleared_at IS NULL)`,
      );
    }
    return keysetPage<HotspotRow, ReturnType<typeof toHotspot>>(
      {
        query: (sql, params) => this.deps.dataSource.query(sql, params),
        select: 'h.*',
        from: 'hotspot.hotspot h',
        conditions: c,
        at: 'h.last_at',
        id: 'h.id',
        first,
        after,
        key: (r) => ({ at: r.last_at.toISOString(), id: r.id }),
      },
      toHotspot,
    );
  }

  /** Live figures for a batch of hotspots, as of the clock's now. */
  async figures(rows: readonly HotspotRow[]): Promise<HotspotFigures[]> {
    const ids = rows.map((r) => r.id);
    const now = this.deps.clock.now().getTime();
    const ago = (days: number) => new Date(now - days * DAY_MS);
    const [windows, cases] = await Promise.all([
      this.deps.dataSource.query(
        `SELECT m.hotspot_id,
                count(*) FILTER (WHERE m.registered_at > $2)::int AS last7,
                count(*) FILTER (WHERE m.registered_at > $3)::int AS last30,
                count(*) FILTER (WHERE m.registered_at > $4 AND m.registered_at <= $2)::int AS base4w,
                count(*) FILTER (WHERE NOT (${settledCondition('hotspot', 'm')}))::int AS unsettled
           FROM hotspot.member m WHERE m.hotspot_id = ANY($1::uuid[]) GROUP BY m.hotspot_id`,
        [ids, ago(7), ago(30), ago(35)],
      ),
      this.deps.dataSource.query(
        `SELECT m.hotspot_id, count(*) FILTER (WHERE c.state = 'OPEN')::int AS open, count(*) FILTER (WHERE c.state = 'CLOSED')::int AS closed
           FROM hotspot.member m JOIN hotspot.case_state c ON c.petition_id = m.petition_id
          WHERE m.hotspot_id = ANY($1::uuid[]) GROUP BY m.hotspot_id`,
        [ids],
      ),
    ]);
    const w = new Map(windows.map((r: { hotspot_id: string }) => [r.hotspot_id, r]));
    const c = new Map(cases.map((r: { hotspot_id: string }) => [r.hotspot_id, r]));
    return rows.map((row) => {
      const win = (w.get(row.id) ?? { last7: 0, last30: 0, base4w: 0, unsettled: 0 }) as {
        last7: number;
        last30: number;
        base4w: number;
        unsettled: number;
      };
      const cs = (c.get(row.id) ?? { open: 0, closed: 0 }) as { open: number; closed: number };
      const baselineWeekly = win.base4w / 4;
      return {
        petitions: row.petitions,
        headcount: row.headcount,
        collectiveVisits: row.collective_visits,
        skipLevelVisits: row.skip_level_visits,
        repeatPetitions: row.repeat_petitions,
        highestLevel: LEVEL_BY_RANK[row.highest_rank] ?? 'TOWNSHIP',
        last7Days: win.last7,
        last30Days: win.last30,
        baselineWeekly,
        growth: baselineWeekly > 0 ? Math.round(((win.last7 - baselineWeekly) / baselineWeekly) * 1000) / 1000 : null,
        openCases: cs.open,
        closedCases: cs.closed,
        unsettledPetitions: win.unsettled,
      };
    });
  }

  /** Members of visible hotspots, only those in the caller's jurisdiction, newest first. */
  async members(caller: Caller, hotspotIds: readonly string[], limit: number) {
    if (!hasRole(caller, ...PETITION_READERS))
      throw new CodedError('FORBIDDEN', '分析人员只能查看统计数字，不能查看信访件', { field: 'petitions' });
    const rows: Array<{ hotspot_id: string; petition_id: string; joined_by: string; similarity: number | null; registered_at: Date }> =
      await this.deps.dataSource.query(
        `SELECT hotspot_id, petition_id, joined_by, similarity, registered_at FROM (
           SELECT m.*, row_number() OVER (PARTITION BY m.hotspot_id ORDER BY m.registered_at DESC, m.petition_id) AS n
             FROM hotspot.member m WHERE m.hotspot_id = ANY($1::uuid[]) AND m.region_code LIKE $2 || '%') x
          WHERE n <= $3 ORDER BY registered_at DESC, petition_id`,
        [hotspotIds, caller.jurisdiction, limit],
      );
    return hotspotIds.map((id) =>
      rows
        .filter((r) => r.hotspot_id === id)
        .map((r) => ({
          petition: { id: r.petition_id },
          joinedBy: r.joined_by,
          similarity: r.similarity === null ? null : Math.round(r.similarity * 1000) / 1000,
          registeredAt: r.registered_at,
        })),
    );
  }

  async hotspotsOfPetitions(caller: Caller, petitionIds: readonly string[]): Promise<Array<HotspotRow | null>> {
    const params: unknown[] = [petitionIds.filter(isUuid)];
    const visible = hotspotVisibility(caller, params, 'h.id');
    const rows: Array<HotspotRow & { petition_id: string }> = await this.deps.dataSource.query(
      `SELECT m.petition_id, h.* FROM hotspot.member m JOIN hotspot.hotspot h ON h.id = m.hotspot_id
        WHERE m.petition_id = ANY($1::uuid[]) AND h.petitions >= 2 AND ${visible}`,
      params,
    );
    const byPetition = new Map(rows.map((r) => [r.petition_id, r]));
    return petitionIds.map((id) => byPetition.get(id) ?? null);
  }

  async alertsOf(caller: Caller, hotspotIds: readonly string[]): Promise<Alert[][]> {
    const rows: AlertRow[] = await this.deps.dataSource.query(
      `SELECT ${ALERT_SELECT} FROM ${ALERT_FROM} WHERE a.hotspot_id = ANY($1::uuid[]) ORDER BY a.raised_at DESC, a.id DESC`,
      [hotspotIds],
    );
    return hotspotIds.map((id) => rows.filter((r) => r.hotspot_id === id).map(toAlert));
  }

  async alerts(caller: Caller, filter: AlertFilterInput): Promise<Alert[]> {
    const c = new SqlConditions();
    c.raw((params) => hotspotVisibility(caller, params, 'a.hotspot_id'));
    if (filter.hotspotId) {
      if (!isUuid(filter.hotspotId)) throw new CodedError('BAD_USER_INPUT', '热点编号格式不正确', { field: 'hotspotId' });
      c.add('a.hotspot_id = ?', filter.hotspotId);
    }
    if (filter.regionPrefix) {
      c.add(
        `EXISTS (SELECT 1 FROM hotspot.member rm WHERE rm.hotspot_id = a.hotspot_id AND rm.region_code LIKE ? || '%')`,
        filter.regionPrefix,
      );
    }
    if (filter.raisedSince) c.add('a.raised_at >= ?', filter.raisedSince);
    c.params.push(filter.limit ?? 50);
    const rows: AlertRow[] = await this.deps.dataSource.query(
      `SELECT ${ALERT_SELECT} FROM ${ALERT_FROM} WHERE ${c.where.join(' AND ')} ORDER BY a.raised_at DESC, a.id DESC LIMIT $${c.params.length}`,
      c.params,
    );
    const alerts = rows.map(toAlert);
    return filter.statuses?.length ? alerts.filter((a) => filter.statuses!.includes(a.status)) : alerts;
  }

  async acknowledge(caller: Caller, alertId: string, note?: string): Promise<Alert> {
    return this.decide(caller, alertId, ['RAISED'], async (tx, now) => {
      await tx.query(
        `UPDATE hotspot.alert_decision SET acknowledged_at = $2, acknowledged_by = $3, note = COALESCE($4, note) WHERE alert_id = $1`,
        [alertId, now, caller.subject, note ?? null],
      );
    });
  }

  async assignOwner(caller: Caller, alertId: string, owner: { ownerName: string; ownerTitle: string; note?: string }): Promise<Alert> {
    return this.decide(caller, alertId, ['RAISED', 'ACKNOWLEDGED', 'OWNED'], async (tx, now) => {
      await tx.query(
        `UPDATE hotspot.alert_decision SET acknowledged_at = COALESCE(acknowledged_at, $2), acknowledged_by = COALESCE(acknowledged_by, $3),
           owner_name = $4, owner_title = $5, owned_at = $2, assigned_by = $3, note = COALESCE($6, note) WHERE alert_id = $1`,
        [alertId, now, caller.subject, owner.ownerName.trim(), owner.ownerTitle.trim(), owner.note ?? null],
      );
    });
  }

  async clear(caller: Caller, alertId: string, note: string): Promise<Alert> {
    return this.decide(caller, alertId, ['RAISED', 'ACKNOWLEDGED', 'OWNED'], async (tx, now, row) => {
      const [[{ version }]] = await tx.query(
        `UPDATE hotspot.alert_decision SET cleared_at = $2, cleared_by = $3, clear_note = $4, version = version + 1 WHERE alert_id = $1 RETURNING version`,
        [alertId, now, caller.subject, note.trim()],
      );
      await this.deps.outbox.append(tx, {
        type: 'hotspot.alert.cleared',
        aggregateId: alertId,
        aggregateVersion: version,
        occurredAt: now,
        data: { alertId, hotspotId: row.hotspot_id, reason: 'MANUAL', clearedAt: now.toISOString() },
      });
    });
  }

  private async decide(
    caller: Caller,
    alertId: string,
    allowed: AlertStatus[],
    apply: (tx: EntityManager, now: Date, row: AlertRow) => Promise<void>,
  ): Promise<Alert> {
    if (!isUuid(alertId)) throw new CodedError('ALERT_NOT_FOUND', undefined, { field: 'alertId' });
    return this.deps.dataSource.transaction(async (tx) => {
      const params: unknown[] = [alertId];
      const visible = hotspotVisibility(caller, params, 'a.hotspot_id');
      await tx.query(`INSERT INTO hotspot.alert_decision (alert_id) SELECT id FROM hotspot.alert WHERE id = $1 ON CONFLICT DO NOTHING`, [
        alertId,
      ]);
      const [row]: AlertRow[] = await tx.query(
        `SELECT ${ALERT_SELECT} FROM hotspot.alert a JOIN hotspot.alert_decision d ON d.alert_id = a.id WHERE a.id = $1 AND ${visible} FOR UPDATE OF d`,
        params,
      );
      if (!row) throw new CodedError('ALERT_NOT_FOUND', undefined, { field: 'alertId' });
      const status = alertStatus(row);
      if (!allowed.includes(status))
        throw new CodedError('INVALID_STATE', `预警当前为${STATUS_LABEL[status]}`, { field: 'alertId', status });
      await apply(tx, this.deps.clock.now(), row);
      const [after]: AlertRow[] = await tx.query(`SELECT ${ALERT_SELECT} FROM ${ALERT_FROM} WHERE a.id = $1`, [alertId]);
      return toAlert(after);
    });
  }
}

const STATUS_LABEL: Record<AlertStatus, string> = { RAISED: '已预警', ACKNOWLEDGED: '已签收', OWNED: '领导包案中', CLEARED: '已解除' };
