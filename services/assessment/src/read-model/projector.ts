import type { EntityManager } from 'typeorm';

import { chinaDate } from '@petition/clock';
import type { AnyEnvelope, Envelope, HandlerMap } from '@petition/events';
import { quoteIdent } from '@petition/events';

import { MONTHLY_ROLLUPS, type MonthlyRollup } from '../migrations/read-model-tables';

const DAILY = {
  key: ['day', 'level', 'visit_kind', 'channel', 'nature', 'category_code', 'region_code', 'department_code'],
  facts: ['day', 'level', 'visit_kind', 'channel', 'nature', 'category_code', 'region_code', 'department_code'],
} as const;
const ALL_ROLLUPS = ['daily_rollup', 'monthly_rollup', 'monthly_township', 'monthly_department'] as const;
/** A routing changes only the department, so only the rollups keyed by department move. */
const DEPARTMENT_ROLLUPS = ['daily_rollup', 'monthly_department'] as const;

/** The streams the read model folds (every publishing service), in tie-break order. */
export const ASSESSMENT_SOURCES = ['intake', 'case', 'hotspot', 'reception'] as const;

/**
 * Folds events into the read model of `schema`. Every handler is an idempotent upsert keyed by the
 * fact's own id, and no handler needs another stream's event to have arrived first: the live
 * consumers (one per stream) and a rebuild (all streams in time order) end with the same rows.
 */
export class AssessmentProjector {
  private readonly s: string;
  /** Built once: the live consumers take the map, the rebuild looks events up in it. */
  private readonly map: HandlerMap;

  constructor(schema: string) {
    this.s = quoteIdent(schema);
    this.map = this.build();
  }

  handlers(): HandlerMap {
    return this.map;
  }

  private build(): HandlerMap {
    return {
      'intake.petition.registered': (e, tx) => this.registered(e, tx),
      'intake.petition.routed': (e, tx) => this.routed(e, tx),
      'intake.petition.notAccepted': (e, tx) =>
        this.q(tx, `UPDATE ${this.s}.petition_fact SET not_accepted = true WHERE petition_id = $1`, [e.data.petitionId]),
      'intake.petition.linkedAsRepeat': (e, tx) =>
        this.q(tx, `UPDATE ${this.s}.petition_fact SET repeat_of = $2 WHERE petition_id = $1`, [
          e.data.petitionId,
          e.data.originalPetitionId,
        ]),
      'case.case.opened': (e, tx) =>
        this.caseFact(tx, e.data.caseId, e.data.petitionId, {
          mode: e.data.mode,
          department_code: e.data.departmentCode,
          region_code: e.data.regionCode,
          opened_at: e.data.openedAt,
        }),
      'case.case.accepted': (e, tx) =>
        this.caseFact(tx, e.data.caseId, e.data.petitionId, { accepted_at: e.data.acceptedAt, accepted_on_time: e.data.onTime }),
      'case.case.returned': (e, tx) => this.caseFact(tx, e.data.caseId, e.data.petitionId, { returned_at: e.data.returnedAt }),
      'case.case.replied': (e, tx) =>
        e.data.stage === 'HANDLING'
          ? this.caseFact(tx, e.data.caseId, e.data.petitionId, { replied_at: e.data.repliedAt, replied_on_time: e.data.onTime })
          : Promise.resolve(),
      'case.case.rated': (e, tx) =>
        e.data.stage === 'HANDLING'
          ? this.caseFact(tx, e.data.caseId, e.data.petitionId, { rated_at: e.data.ratedAt, satisfaction: e.data.satisfaction })
          : Promise.resolve(),
      'case.case.reviewRequested': (e, tx) => this.caseFact(tx, e.data.caseId, e.data.petitionId, { review_requested: true }),
      'case.case.closed': (e, tx) =>
        this.caseFact(tx, e.data.caseId, e.data.petitionId, { closed_at: e.data.closedAt, closed_reason: e.data.reason }),
      'case.case.overdue': (e, tx) => this.overdue(e, tx),
      'hotspot.report.submitted': (e, tx) =>
        this.q(
          tx,
          `INSERT INTO ${this.s}.screening_fact (unit_code, period_key, unit_level, due_at, submitted_at, on_time, zero_report)
           VALUES ($1,$2,$3,$4,$5,$6,$7)
           ON CONFLICT (unit_code, period_key) DO UPDATE SET submitted_at = EXCLUDED.submitted_at, on_time = EXCLUDED.on_time, zero_report = EXCLUDED.zero_report`,
          [e.data.unitCode, e.data.periodKey, e.data.unitLevel, e.data.dueAt, e.data.submittedAt, e.data.onTime, e.data.zeroReport],
        ),
      'hotspot.report.missed': (e, tx) =>
        this.q(
          tx,
          `INSERT INTO ${this.s}.screening_fact (unit_code, period_key, unit_level, due_at, missed_event_id) VALUES ($1,$2,$3,$4,$5)
           ON CONFLICT (unit_code, period_key) DO UPDATE SET missed_event_id = EXCLUDED.missed_event_id`,
          [e.data.unitCode, e.data.periodKey, e.data.unitLevel, e.data.dueAt, e.id],
        ),
      'hotspot.riskItem.reported': (e, tx) =>
        this.q(
          tx,
          `INSERT INTO ${this.s}.risk_link (risk_item_id, unit_code, reported_at, collective_signal) VALUES ($1,$2,$3,$4)
           ON CONFLICT (risk_item_id) DO UPDATE SET unit_code = EXCLUDED.unit_code, reported_at = EXCLUDED.reported_at, collective_signal = EXCLUDED.collective_signal`,
          [e.data.riskItemId, e.data.unitCode, e.data.reportedAt, e.data.collectiveSignal],
        ),
      'hotspot.riskItem.linked': (e, tx) =>
        e.data.petitionId
          ? this.q(
              tx,
              `INSERT INTO ${this.s}.risk_link (risk_item_id, unit_code, petition_id, linked_event_id) VALUES ($1,$2,$3,$4)
               ON CONFLICT (risk_item_id) DO UPDATE SET petition_id = EXCLUDED.petition_id, linked_event_id = EXCLUDED.linked_event_id`,
              [e.data.riskItemId, e.data.unitCode, e.data.petitionId, e.id],
            )
          : Promise.resolve(),
      'reception.visit.served': (e, tx) =>
        this.q(
          tx,
          `INSERT INTO ${this.s}.visit_fact (ticket_id, hall_region_code, department_code, petition_id, served_at, wait_seconds, settled_in_hall)
           VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (ticket_id) DO NOTHING`,
          [
            e.data.ticketId,
            e.data.hallRegionCode,
            e.data.departmentCode,
            e.data.petitionId,
            e.data.servedAt,
            e.data.waitSeconds,
            e.data.settledInHall,
          ],
        ),
    };
  }

  /** Applies one event (the rebuild path; the live consumers call the handlers directly). */
  async apply(event: AnyEnvelope, tx: EntityManager): Promise<void> {
    const handler = (this.map as Record<string, ((e: AnyEnvelope, tx: EntityManager) => Promise<void>) | undefined>)[event.type];
    await handler?.(event, tx);
  }

  private async registered(e: Envelope<'intake.petition.registered'>, tx: EntityManager) {
    const d = e.data;
    const registeredAt = new Date(d.registeredAt);
    const [inserted] = await tx.query(
      `INSERT INTO ${this.s}.petition_fact (petition_id, event_id, registered_at, day, channel, visit_kind, headcount, nature, category_code, level,
         skip_level, region_code, repeat_of)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) ON CONFLICT (petition_id) DO NOTHING RETURNING petition_id`,
      [
        d.petitionId,
        e.id,
        registeredAt,
        chinaDate(registeredAt),
        d.channel,
        d.visitKind,
        d.headcount,
        d.nature,
        d.categoryCode,
        d.level,
        d.skipLevel,
        d.regionCode,
        d.repeatOfPetitionId,
      ],
    );
    if (inserted) await this.rollup(tx, d.petitionId, +1, ALL_ROLLUPS);
  }

  private async routed(e: Envelope<'intake.petition.routed'>, tx: EntityManager) {
    const d = e.data;
    // A later routing (after a return) moves the petition to its new department's rollup row.
    const [fact] = await tx.query(`SELECT department_code, routed_at FROM ${this.s}.petition_fact WHERE petition_id = $1 FOR UPDATE`, [
      d.petitionId,
    ]);
    if (!fact || (fact.routed_at && fact.routed_at >= new Date(d.routedAt))) return;
    if (fact.department_code === d.departmentCode) {
      await tx.query(`UPDATE ${this.s}.petition_fact SET routed_at = $2 WHERE petition_id = $1`, [d.petitionId, d.routedAt]);
      return;
    }
    await this.rollup(tx, d.petitionId, -1, DEPARTMENT_ROLLUPS);
    await tx.query(`UPDATE ${this.s}.petition_fact SET department_code = $2, routed_at = $3 WHERE petition_id = $1`, [
      d.petitionId,
      d.departmentCode,
      d.routedAt,
    ]);
    await this.rollup(tx, d.petitionId, +1, DEPARTMENT_ROLLUPS);
  }

  /** Adds (or, on a re-routing, moves) a petition's batch and people in each rollup named. */
  private async rollup(tx: EntityManager, petitionId: string, sign: 1 | -1, tables: ReadonlyArray<'daily_rollup' | MonthlyRollup>) {
    for (const table of tables) {
      const { key, facts } = table === 'daily_rollup' ? DAILY : MONTHLY_ROLLUPS[table];
      await tx.query(
        `INSERT INTO ${this.s}.${table} AS r (${key.join(', ')}, batches, people)
         SELECT ${facts.join(', ')}, $2, $2 * headcount FROM ${this.s}.petition_fact WHERE petition_id = $1
         ON CONFLICT (${key.join(', ')}) DO UPDATE SET batches = r.batches + EXCLUDED.batches, people = r.people + EXCLUDED.people`,
        [petitionId, sign],
      );
      if (sign < 0) {
        // The emptied row goes: a rebuild, which never decrements, would not have it.
        const match = key.map(
          (c, i) =>
            `r.${c} = ${facts[i].replace(/\b(day|region_code|level|visit_kind|channel|nature|category_code|department_code)\b/g, 'f.$1')}`,
        );
        await tx.query(
          `DELETE FROM ${this.s}.${table} r USING ${this.s}.petition_fact f WHERE f.petition_id = $1 AND r.batches = 0 AND ${match.join(' AND ')}`,
          [petitionId],
        );
      }
    }
  }

  private async overdue(e: Envelope<'case.case.overdue'>, tx: EntityManager) {
    // The first time a case went overdue is the fact; later overdue deadlines of the same case add nothing.
    await tx.query(
      `INSERT INTO ${this.s}.case_fact AS c (case_id, petition_id, overdue_at, overdue_event_id) VALUES ($1,$2,$3,$4)
       ON CONFLICT (case_id) DO UPDATE SET overdue_at = EXCLUDED.overdue_at, overdue_event_id = EXCLUDED.overdue_event_id
       WHERE c.overdue_at IS NULL OR c.overdue_at > EXCLUDED.overdue_at`,
      [e.data.caseId, e.data.petitionId, e.data.detectedAt, e.id],
    );
  }

  private async caseFact(tx: EntityManager, caseId: string, petitionId: string, fields: Record<string, unknown>) {
    const columns = Object.keys(fields);
    const values = Object.values(fields);
    await tx.query(
      `INSERT INTO ${this.s}.case_fact (case_id, petition_id, ${columns.join(', ')}) VALUES ($1, $2, ${columns.map((_, i) => `$${i + 3}`).join(', ')})
       ON CONFLICT (case_id) DO UPDATE SET ${columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
      [caseId, petitionId, ...values],
    );
  }

  private async q(tx: EntityManager, sql: string, params: unknown[]): Promise<void> {
    await tx.query(sql, params);
  }
}
