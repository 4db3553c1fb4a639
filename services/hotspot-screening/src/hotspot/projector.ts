import type { EntityManager } from 'typeorm';

import { chinaDate } from '@petition/clock';

import type { AnyEnvelope, Envelope, EventType, HandlerMap } from '@petition/events';
import { quoteIdent } from '@petition/events';

import type { AlertCandidate, AlertRule, CellState, HotspotConfig, JoinReason } from './rules';
import { alertToRaise, countIntoCell, derivedUuid, firingRules, LEVEL_BY_RANK, LEVEL_RANK, normalizeOrganization } from './rules';
import {
  baseCounts,
  bestMatterMatch,
  countedBases,
  DOCUMENTS_ROW,
  normalizeMatterKeys,
  TEXT_CANDIDATE_LIMIT,
  textLookupKeys,
  textWeigher,
} from './text-rule';

const DAY_MS = 86_400_000;

export interface RaisedAlert {
  id: string;
  hotspotId: string;
  rule: AlertRule;
  description: string;
  regionCode: string;
  categoryCode: string;
  involvedOrganization: string | null;
  petitions: number;
  headcount: number;
  collectiveVisits: number;
  highestLevel: string;
  triggerPetitionId: string | null;
  raisedAt: Date;
}

/** Where the projection's alerts go: the outbox when live, nowhere during a rebuild. */
export interface AlertSink {
  raised(tx: EntityManager, alert: RaisedAlert): Promise<void>;
  casesClosed(tx: EntityManager, alert: { id: string; hotspotId: string; clearedAt: Date }): Promise<void>;
}

type HotspotRow = {
  id: string;
  region_code: string;
  category_code: string;
  involved_organization: string | null;
  petitions: number;
  headcount: number;
  collective_visits: number;
  highest_rank: number;
};

/**
 * The hotspot projection: folds intake and case events into clusters, figures, the surge cells
 * and alerts. Every decision reads event time and the projection's own tables, so folding the same
 * events in the same order into an empty schema gives the same rows (the rebuild relies on it).
 * One transaction at a time holds the projection lock: the intake and case consumers both write.
 */
export class HotspotProjector {
  private readonly s: string;

  constructor(
    readonly schema: string,
    private readonly config: HotspotConfig,
    private readonly sink: AlertSink | null,
  ) {
    this.s = quoteIdent(schema);
  }

  handlers(): HandlerMap {
    const h = <T extends EventType>(fn: (e: Envelope<T>, tx: EntityManager) => Promise<void>) => fn.bind(this) as never;
    return {
      'intake.petition.registered': h(this.registered),
      'intake.petition.linkedAsRepeat': h(this.linkedAsRepeat),
      'intake.petition.notAccepted': h(this.notAccepted),
      'case.case.opened': h(this.caseOpened),
      'case.case.returned': h(this.caseReturned),
      'case.case.closed': h(this.caseClosed),
    };
  }

  /** Applies any event (the rebuild's entry point); types the projection ignores do nothing. */
  async apply(envelope: AnyEnvelope, tx: EntityManager): Promise<void> {
    const handler = this.handlers()[envelope.type] as ((e: AnyEnvelope, tx: EntityManager) => Promise<void>) | undefined;
    if (handler) await handler(envelope, tx);
  }

  private async lock(tx: EntityManager) {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${this.schema}.projection`]);
  }

  async registered(e: Envelope<'intake.petition.registered'>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const at = new Date(d.registeredAt);
    const city = d.regionCode.slice(0, 4);
    const township = d.regionCode.length === 9 ? d.regionCode : null;
    const orgKey = normalizeOrganization(d.involvedOrganization);
    // An accusation's material never leaves intake: keys sent with one are not used.
    const keys = d.nature === 'ACCUSATION' ? null : normalizeMatterKeys(d.matterKeys);
    const bases = keys ? countedBases(keys) : [];
    const since = (days: number) => new Date(at.getTime() - days * DAY_MS);

    await this.lock(tx);
    // One round trip for everything the rules look up by key: already here? the original of a
    // repeat, the organisation's and the township-category's latest hotspot, the surge cell.
    const [found] = await tx.query(
      `SELECT EXISTS (SELECT 1 FROM ${this.s}.member WHERE petition_id = $1) AS present,
         (SELECT hotspot_id FROM ${this.s}.member WHERE petition_id = $2) AS repeat_hotspot,
         (SELECT hotspot_id FROM ${this.s}.member WHERE organization_key = $3 AND city_code = $4 AND registered_at >= $5
           ORDER BY registered_at DESC, petition_id LIMIT 1) AS org_hotspot,
         (SELECT hotspot_id FROM ${this.s}.member WHERE township_code = $6 AND category_code = $7 AND registered_at >= $8
           ORDER BY registered_at DESC, petition_id LIMIT 1) AS place_hotspot,
         (SELECT row_to_json(c) FROM (SELECT ewma, to_char(day, 'YYYY-MM-DD') AS day, count, days FROM ${this.s}.cell
           WHERE region_code = $9 AND category_code = $7) c) AS cell,
         (SELECT json_object_agg(key, n) FROM ${this.s}.term_df WHERE key = ANY($10::int4[])) AS df`,
      [
        d.petitionId,
        d.repeatOfPetitionId,
        orgKey,
        city,
        since(this.config.organizationWindowDays),
        township,
        d.categoryCode,
        since(this.config.placeWindowDays),
        d.regionCode,
        keys ? [DOCUMENTS_ROW, ...bases] : [],
      ],
    );
    if (found.present) return;
    let match: { hotspotId: string; reason: JoinReason; similarity?: number } | null = null;
    if (found.repeat_hotspot) match = { hotspotId: found.repeat_hotspot, reason: 'REPEAT' };
    else if (found.org_hotspot) match = { hotspotId: found.org_hotspot, reason: 'ORGANIZATION' };
    else if (keys) {
      const counts = new Map(Object.entries(found.df ?? {}).map(([k, n]) => [Number(k), n as number]));
      const text = await this.similarText(tx, keys, counts, city, since(this.config.textWindowDays));
      if (text) match = { ...text, reason: 'SIMILAR_TEXT' };
    }
    if (!match && found.place_hotspot) match = { hotspotId: found.place_hotspot, reason: 'PLACE_CATEGORY' };

    const hotspotId = match?.hotspotId ?? derivedUuid('hotspot', d.petitionId);
    const reason: JoinReason = match?.reason ?? 'FOUNDER';
    const collective = d.visitKind === 'COLLECTIVE';
    // Create or grow the hotspot; the window counts are over the members before this one.
    const [hotspot] = (await tx.query(
      `INSERT INTO ${this.s}.hotspot AS h (id, kind, region_code, city_code, township_code, category_code, involved_organization, first_at, last_at,
         petitions, headcount, collective_visits, skip_level_visits, repeat_petitions, highest_rank)
       VALUES ($1, 'SINGLE', $2, $3, $4, $5, $6, $7, $7, 1, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET
         kind = CASE WHEN h.kind = 'SINGLE' THEN $13 ELSE h.kind END,
         involved_organization = COALESCE(h.involved_organization, EXCLUDED.involved_organization),
         first_at = LEAST(h.first_at, EXCLUDED.first_at), last_at = GREATEST(h.last_at, EXCLUDED.last_at),
         petitions = h.petitions + 1, headcount = h.headcount + EXCLUDED.headcount,
         collective_visits = h.collective_visits + EXCLUDED.collective_visits,
         skip_level_visits = h.skip_level_visits + EXCLUDED.skip_level_visits,
         repeat_petitions = h.repeat_petitions + EXCLUDED.repeat_petitions,
         highest_rank = GREATEST(h.highest_rank, EXCLUDED.highest_rank)
       RETURNING id, region_code, category_code, involved_organization, petitions, headcount, collective_visits, highest_rank,
         (SELECT count(*) FROM ${this.s}.member m WHERE m.hotspot_id = h.id AND m.visit_kind = 'COLLECTIVE'
            AND m.registered_at > $14 AND m.registered_at <= $7)::int AS collective_before,
         (SELECT count(*) FROM ${this.s}.member m WHERE m.hotspot_id = h.id AND m.registered_at > $15 AND m.registered_at <= $7)::int AS petitions_before`,
      [
        hotspotId,
        d.regionCode,
        city,
        township,
        d.categoryCode,
        d.involvedOrganization,
        at,
        d.headcount,
        collective ? 1 : 0,
        d.skipLevel ? 1 : 0,
        d.repeatOfPetitionId ? 1 : 0,
        LEVEL_RANK[d.level] ?? 0,
        reason,
        since(this.config.collectiveVisits.days),
        since(this.config.petitionCount.days),
      ],
    )) as Array<HotspotRow & { collective_before: number; petitions_before: number }>;
    await tx.query(
      `INSERT INTO ${this.s}.member (petition_id, hotspot_id, joined_by, similarity, registered_at, region_code, city_code, township_code,
         category_code, organization_key, visit_kind, headcount, level, skip_level, matter_keys, repeat_of)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::int4[], $16)`,
      [
        d.petitionId,
        hotspotId,
        reason,
        match?.similarity ?? null,
        at,
        d.regionCode,
        city,
        township,
        d.categoryCode,
        orgKey,
        d.visitKind,
        d.headcount,
        d.level,
        d.skipLevel,
        keys,
        d.repeatOfPetitionId,
      ],
    );
    if (keys) {
      // Counted after the match: a petition's weights come from the petitions before it.
      await tx.query(
        `INSERT INTO ${this.s}.term_df AS d (key, n) SELECT x, 1 FROM unnest($1::int4[]) AS x ON CONFLICT (key) DO UPDATE SET n = d.n + 1`,
        [[DOCUMENTS_ROW, ...bases]],
      );
    }

    const surge = await this.countCell(tx, d.regionCode, d.categoryCode, chinaDate(at), found.cell);
    const firing = firingRules(this.config, {
      level: d.level,
      collectiveInWindow: hotspot.collective_before + (collective ? 1 : 0),
      petitionsInWindow: hotspot.petitions_before + 1,
      surge,
    });
    if (firing.length) await this.raise(tx, hotspot, firing, d.petitionId, at);
  }

  /**
   * The text rule (see `bestMatterMatch`): earlier petitions of the same city and window holding
   * the petition's lookup keys (names, then its rarest words and sounds), the `TEXT_CANDIDATE_LIMIT`
   * sharing the most, scored with the matter matcher under the counts of the petitions before it.
   */
  private async similarText(tx: EntityManager, keys: number[], counts: Map<number, number>, city: string, since: Date) {
    const documents = counts.get(DOCUMENTS_ROW) ?? 0;
    const lookup = textLookupKeys(keys, baseCounts(counts), documents);
    if (!lookup.length) return null;
    const rows: Array<{ hotspot_id: string; matter_keys: number[]; registered_at: Date }> = await tx.query(
      `SELECT hotspot_id, matter_keys, registered_at FROM ${this.s}.member
        WHERE city_code = $2 AND matter_keys && $1::int4[] AND matter_keys IS NOT NULL AND registered_at >= $3
        ORDER BY (SELECT count(*) FROM unnest(matter_keys) AS k WHERE k = ANY($1::int4[])) DESC, registered_at DESC, petition_id
        LIMIT $4`,
      [lookup, city, since, TEXT_CANDIDATE_LIMIT],
    );
    if (!rows.length) return null;
    // The candidates' terms counted like the petition's.
    const missing = new Set<number>();
    for (const r of rows) for (const base of countedBases(r.matter_keys)) if (!counts.has(base)) missing.add(base);
    if (missing.size) {
      const more: Array<{ key: number; n: number }> = await tx.query(`SELECT key, n FROM ${this.s}.term_df WHERE key = ANY($1::int4[])`, [
        [...missing],
      ]);
      for (const r of more) counts.set(r.key, r.n);
    }
    const candidates = rows.map((r) => ({ hotspotId: r.hotspot_id, registeredAt: r.registered_at, keys: r.matter_keys }));
    return bestMatterMatch(this.config, keys, candidates, textWeigher(baseCounts(counts), documents));
  }

  private async countCell(
    tx: EntityManager,
    region: string,
    category: string,
    day: string,
    row: { ewma: number; day: string; count: number; days: number } | null,
  ) {
    const state: CellState | null = row ? { ewma: Number(row.ewma), day: row.day, count: row.count, days: row.days } : null;
    const { state: next, fired, lambda } = countIntoCell(state, day, this.config.surge);
    await tx.query(
      `INSERT INTO ${this.s}.cell (region_code, category_code, ewma, day, count, days) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (region_code, category_code) DO UPDATE SET ewma = $3, day = $4, count = $5, days = $6`,
      [region, category, next.ewma, next.day, next.count, next.days],
    );
    return { fired, count: next.count, lambda };
  }

  private async raise(tx: EntityManager, hotspot: HotspotRow, firing: AlertCandidate[], triggerPetitionId: string, at: Date) {
    const recent = (
      await tx.query(`SELECT rule, raised_at FROM ${this.s}.alert WHERE hotspot_id = $1 AND raised_at > $2`, [
        hotspot.id,
        new Date(at.getTime() - this.config.coolDownDays * DAY_MS),
      ])
    ).map((r: { rule: AlertRule; raised_at: Date }) => ({ rule: r.rule, raisedAt: r.raised_at }));
    const chosen = alertToRaise(this.config, firing, recent, at);
    if (!chosen) return;
    const alert: RaisedAlert = {
      id: derivedUuid('alert', hotspot.id, chosen.rule, triggerPetitionId),
      hotspotId: hotspot.id,
      rule: chosen.rule,
      description: chosen.description,
      regionCode: hotspot.region_code,
      categoryCode: hotspot.category_code,
      involvedOrganization: hotspot.involved_organization,
      petitions: hotspot.petitions,
      headcount: hotspot.headcount,
      collectiveVisits: hotspot.collective_visits,
      highestLevel: LEVEL_BY_RANK[hotspot.highest_rank] ?? 'TOWNSHIP',
      triggerPetitionId,
      raisedAt: at,
    };
    await tx.query(
      `INSERT INTO ${this.s}.alert (id, hotspot_id, rule, description, trigger_petition_id, raised_at, petitions, headcount, collective_visits, highest_rank)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        alert.id,
        alert.hotspotId,
        alert.rule,
        alert.description,
        triggerPetitionId,
        at,
        alert.petitions,
        alert.headcount,
        alert.collectiveVisits,
        hotspot.highest_rank,
      ],
    );
    await this.sink?.raised(tx, alert);
  }

  async linkedAsRepeat(e: Envelope<'intake.petition.linkedAsRepeat'>, tx: EntityManager): Promise<void> {
    await this.lock(tx);
    const updated = await tx.query(
      `UPDATE ${this.s}.member SET repeat_of = $2 WHERE petition_id = $1 AND repeat_of IS NULL RETURNING hotspot_id`,
      [e.data.petitionId, e.data.originalPetitionId],
    );
    const [rows] = updated as [Array<{ hotspot_id: string }>, number];
    if (rows.length)
      await tx.query(`UPDATE ${this.s}.hotspot SET repeat_petitions = repeat_petitions + 1 WHERE id = $1`, [rows[0].hotspot_id]);
  }

  async notAccepted(e: Envelope<'intake.petition.notAccepted'>, tx: EntityManager): Promise<void> {
    await this.lock(tx);
    await tx.query(`INSERT INTO ${this.s}.declined (petition_id, decided_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      e.data.petitionId,
      new Date(e.data.decidedAt),
    ]);
    await this.clearIfSettled(tx, e.data.petitionId, new Date(e.data.decidedAt));
  }

  async caseOpened(e: Envelope<'case.case.opened'>, tx: EntityManager): Promise<void> {
    await this.caseState(tx, e.data.caseId, e.data.petitionId, 'OPEN', e.data.openedAt);
  }

  async caseReturned(e: Envelope<'case.case.returned'>, tx: EntityManager): Promise<void> {
    await this.caseState(tx, e.data.caseId, e.data.petitionId, 'RETURNED', e.data.returnedAt);
  }

  async caseClosed(e: Envelope<'case.case.closed'>, tx: EntityManager): Promise<void> {
    await this.caseState(tx, e.data.caseId, e.data.petitionId, 'CLOSED', e.data.closedAt);
    await this.clearIfSettled(tx, e.data.petitionId, new Date(e.data.closedAt));
  }

  private async caseState(tx: EntityManager, caseId: string, petitionId: string, state: string, at: string) {
    await this.lock(tx);
    await tx.query(
      `INSERT INTO ${this.s}.case_state (case_id, petition_id, state, changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id) DO UPDATE SET state = $3, changed_at = $4`,
      [caseId, petitionId, state, new Date(at)],
    );
  }

  /**
   * Clears the hotspot's alerts once every petition in it is settled: not accepted, or with a
   * closed case and no open one. A petition never routed is not settled.
   */
  private async clearIfSettled(tx: EntityManager, petitionId: string, at: Date) {
    const [member] = await tx.query(`SELECT hotspot_id FROM ${this.s}.member WHERE petition_id = $1`, [petitionId]);
    if (!member) return;
    const [{ unsettled }] = await tx.query(
      `SELECT count(*)::int AS unsettled FROM ${this.s}.member m
        WHERE m.hotspot_id = $1 AND NOT (${settledCondition(this.s, 'm')})`,
      [member.hotspot_id],
    );
    if (unsettled > 0) return;
    const alerts: Array<{ id: string }> = (
      await tx.query(
        `UPDATE ${this.s}.alert SET cases_closed_at = $2 WHERE hotspot_id = $1 AND cases_closed_at IS NULL AND raised_at <= $2 RETURNING id`,
        [member.hotspot_id, at],
      )
    )[0];
    for (const a of alerts) await this.sink?.casesClosed(tx, { id: a.id, hotspotId: member.hotspot_id, clearedAt: at });
  }
}

/** SQL: the member's petition is settled (declined, or a closed case and no open one). */
export function settledCondition(s: string, m: string): string {
  return `EXISTS (SELECT 1 FROM ${s}.declined d WHERE d.petition_id = ${m}.petition_id)
    OR (EXISTS (SELECT 1 FROM ${s}.case_state c WHERE c.petition_id = ${m}.petition_id AND c.state = 'CLOSED')
        AND NOT EXISTS (SELECT 1 FROM ${s}.case_state c WHERE c.petition_id = ${m}.petition_id AND c.state = 'OPEN'))`;
}
