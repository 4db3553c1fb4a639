import { randomUUID } from 'crypto';

import type { DataSource, EntityManager } from 'typeorm';

import type { Caller } from '@petition/auth';
import { hasRole } from '@petition/auth';
import type { Clock, DeadlineRule, DueDate, RuleCode, WorkCalendar } from '@petition/clock';
import { computeDue, endOfChinaDay } from '@petition/clock';
import type { Envelope, EventData, EventType, Outbox } from '@petition/events';
import { CodedError, isUuid, keysetPage, SqlConditions } from '@petition/subgraph';

import type { CaseAction, CaseState } from './case-rules';
import { checkExtension, checkWithin, nextState } from './case-rules';
import { caseVisibility, requireHandlingDepartment } from './case.access';
import type { AnswerStage, DeadlineKind, ReplyOutcome, Satisfaction } from './case.enums';
import type { Case } from './case.model';
import type { CaseRow, DeadlineRow } from './case.row';
import { DEADLINE_COLUMNS } from './case.row';

export interface CaseServiceDeps {
  dataSource: DataSource;
  outbox: Outbox;
  clock: Clock;
  calendar: WorkCalendar;
  rules: Record<RuleCode, DeadlineRule>;
}

type PendingEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

// Decision deadlines: missing one makes the case overdue. Request windows lapse instead.
export const DECISION_KINDS: DeadlineKind[] = ['ACCEPTANCE', 'HANDLING', 'RESULT', 'REVIEW_DECISION', 'REREVIEW_DECISION'];
const REQUEST_WINDOWS: DeadlineKind[] = ['REVIEW_REQUEST', 'REREVIEW_REQUEST'];

export type CaseChildTable = 'deadline' | 'reply' | 'appeal' | 'supervision' | 'timeline';
const CHILD_ORDER: Record<CaseChildTable, string> = {
  deadline: 'created_at, due_at',
  reply: 'replied_at',
  appeal: 'requested_at',
  supervision: 'issued_at',
  timeline: 'id',
};

export interface CaseFilter {
  states?: CaseState[];
  departmentCode?: string;
  overdueOnly?: boolean;
}

export class CaseService {
  constructor(private readonly deps: CaseServiceDeps) {}

  // ---- opening (from intake.petition.routed) ------------------------------------------------

  async openFromRouting(event: Envelope<'intake.petition.routed'>, tx: EntityManager): Promise<void> {
    const d = event.data;
    // The routing id is the natural key: a second delivery, even under a new event id, opens nothing.
    const [existing] = await tx.query(`SELECT id FROM cases."case" WHERE routing_id = $1`, [d.routingId]);
    if (existing) return;
    const caseId = randomUUID();
    const received = new Date(d.routedAt);
    await tx.query(
      `INSERT INTO cases."case" (id, petition_id, routing_id, mode, department_code, lead_department_code, cooperating_department_codes,
         accused_department_code, region_code, category_code, nature, state, received_at, opened_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'AWAITING_ACCEPTANCE',$12,$13)`,
      [
        caseId,
        d.petitionId,
        d.routingId,
        d.mode,
        d.departmentCode,
        d.leadDepartmentCode,
        d.cooperatingDepartmentCodes,
        d.accusedDepartmentCode,
        d.regionCode,
        d.categoryCode,
        d.nature,
        received,
        this.deps.clock.now(),
      ],
    );
    const acceptance = this.due('ACCEPTANCE_15D', received);
    await this.addDeadline(tx, caseId, 'ACCEPTANCE', acceptance, received);
    await this.addDeadline(tx, caseId, 'RETURN', this.due('RETURN_5WD', received), received);
    if (d.resultDueOn) {
      await this.addDeadline(
        tx,
        caseId,
        'RESULT',
        { dueOn: d.resultDueOn, dueAt: endOfChinaDay(d.resultDueOn), rule: `RESULT: 交办时规定的办理结果报送期限 ${d.resultDueOn}` },
        received,
      );
    }
    await this.timeline(tx, caseId, { subject: 'system', department: null }, 'OPENED', { mode: d.mode, departmentCode: d.departmentCode });
    // A joint session held before the routing named the lead and cooperating units; the routing's own
    // choice, when it made one, is the later decision and stands.
    const [joint] = d.leadDepartmentCode
      ? []
      : await tx.query(`SELECT * FROM cases.joint_assignment WHERE petition_id = $1`, [d.petitionId]);
    if (joint) await this.assignJoint(tx, caseId, joint);
    await this.deps.outbox.append(tx, {
      type: 'case.case.opened',
      aggregateId: caseId,
      aggregateVersion: 1,
      occurredAt: this.deps.clock.now(),
      data: {
        caseId,
        petitionId: d.petitionId,
        mode: d.mode,
        departmentCode: d.departmentCode,
        leadDepartmentCode: d.leadDepartmentCode,
        cooperatingDepartmentCodes: d.cooperatingDepartmentCodes,
        regionCode: d.regionCode,
        categoryCode: d.categoryCode,
        acceptanceDueOn: acceptance.dueOn,
        openedAt: received.toISOString(),
      },
    });
  }

  /**
   * A joint reception session concluded: its lead and cooperating departments apply to the
   * petition's cases that are still being handled, and to a case opened for it later. The latest
   * session wins; a redelivered or older one changes nothing.
   */
  async applyJointSession(event: Envelope<'reception.jointSession.concluded'>, tx: EntityManager): Promise<void> {
    const d = event.data;
    const [stored] = await tx.query(
      `INSERT INTO cases.joint_assignment AS j (petition_id, session_id, lead_department_code, cooperating_department_codes, concluded_at)
       VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (petition_id) DO UPDATE SET session_id = EXCLUDED.session_id, lead_department_code = EXCLUDED.lead_department_code,
         cooperating_department_codes = EXCLUDED.cooperating_department_codes, concluded_at = EXCLUDED.concluded_at
       WHERE j.concluded_at < EXCLUDED.concluded_at
       RETURNING *`,
      [d.petitionId, d.sessionId, d.leadDepartmentCode, d.cooperatingDepartmentCodes, new Date(d.concludedAt)],
    );
    if (!stored) return;
    const open: Array<{ id: string }> = await tx.query(
      `SELECT id FROM cases."case" WHERE petition_id = $1 AND state <> 'CLOSED' AND state <> 'RETURNED'`,
      [d.petitionId],
    );
    for (const row of open) await this.assignJoint(tx, row.id, stored);
  }

  private async assignJoint(
    tx: EntityManager,
    caseId: string,
    joint: { session_id: string; lead_department_code: string; cooperating_department_codes: string[] },
  ) {
    await tx.query(`UPDATE cases."case" SET lead_department_code = $2, cooperating_department_codes = $3 WHERE id = $1`, [
      caseId,
      joint.lead_department_code,
      joint.cooperating_department_codes,
    ]);
    await this.timeline(tx, caseId, { subject: 'system', department: null }, 'JOINT_SESSION_ASSIGNED', {
      sessionId: joint.session_id,
      leadDepartmentCode: joint.lead_department_code,
      cooperatingDepartmentCodes: joint.cooperating_department_codes,
    });
  }

  // ---- handling -------------------------------------------------------------------------------

  accept(caller: Caller, id: string) {
    return this.mutate(caller, id, 'ACCEPT', async (tx, row, now) => {
      requireHandlingDepartment(caller, row);
      const onTime = await this.meet(tx, row.id, 'ACCEPTANCE', now);
      await this.close(tx, row.id, 'RETURN', 'SUPERSEDED', now);
      const handling = this.due('HANDLING_60D', now);
      await this.addDeadline(tx, row.id, 'HANDLING', handling, now);
      await tx.query(`UPDATE cases."case" SET accepted_at = $2 WHERE id = $1`, [row.id, now]);
      return [
        {
          type: 'case.case.accepted',
          data: { caseId: row.id, petitionId: row.petition_id, acceptedAt: now.toISOString(), handlingDueOn: handling.dueOn, onTime },
        },
      ];
    });
  }

  returnCase(caller: Caller, id: string, reason: string) {
    return this.mutate(caller, id, 'RETURN', async (tx, row, now) => {
      requireHandlingDepartment(caller, row);
      const window = await this.openDeadline(tx, row.id, 'RETURN');
      if (!window) throw new CodedError('RETURN_PERIOD_PASSED');
      checkWithin(now, window.due_at, 'RETURN_PERIOD_PASSED');
      await this.close(tx, row.id, 'RETURN', 'MET', now);
      await this.close(tx, row.id, 'ACCEPTANCE', 'SUPERSEDED', now);
      await this.close(tx, row.id, 'RESULT', 'SUPERSEDED', now);
      await tx.query(`UPDATE cases."case" SET returned_at = $2, return_reason = $3 WHERE id = $1`, [row.id, now, reason]);
      return [
        {
          type: 'case.case.returned',
          data: { caseId: row.id, petitionId: row.petition_id, departmentCode: row.department_code, reason, returnedAt: now.toISOString() },
        },
      ];
    });
  }

  extend(caller: Caller, id: string, days: number, reason: string) {
    return this.mutate(caller, id, 'EXTEND', async (tx, row, now) => {
      requireHandlingDepartment(caller, row);
      checkExtension(row.extension_days !== null, days, this.deps.rules.EXTENSION_MAX_30D.days);
      const handling = this.due('HANDLING_60D', row.accepted_at!, { extraDays: days });
      await this.close(tx, row.id, 'HANDLING', 'SUPERSEDED', now);
      await this.addDeadline(tx, row.id, 'HANDLING', handling, now);
      await tx.query(`UPDATE cases."case" SET extension_days = $2, extension_reason = $3 WHERE id = $1`, [row.id, days, reason]);
      return [{ type: 'case.case.extended', data: { caseId: row.id, petitionId: row.petition_id, days, handlingDueOn: handling.dueOn } }];
    });
  }

  reply(caller: Caller, id: string, outcome: ReplyOutcome, body: string) {
    return this.mutate(caller, id, 'REPLY', async (tx, row, now) => {
      requireHandlingDepartment(caller, row);
      const onTime = await this.meet(tx, row.id, 'HANDLING', now);
      await this.meet(tx, row.id, 'RESULT', now);
      await this.insertReply(tx, row.id, 'HANDLING', outcome, body, now, caller, onTime);
      await this.addDeadline(tx, row.id, 'REVIEW_REQUEST', this.due('REVIEW_REQUEST_30D', now), now);
      return [
        {
          type: 'case.case.replied',
          data: { caseId: row.id, petitionId: row.petition_id, stage: 'HANDLING', outcome, repliedAt: now.toISOString(), onTime },
        },
      ];
    });
  }

  rate(caller: Caller, id: string, satisfaction: Satisfaction) {
    return this.mutate(caller, id, 'RATE', async (tx, row, now) => {
      requireRole(caller, 'CLERK', 'SUPERVISOR');
      const [latest] = await tx.query(
        `SELECT id, stage, satisfaction FROM cases.reply WHERE case_id = $1 ORDER BY replied_at DESC LIMIT 1`,
        [row.id],
      );
      if (!latest) throw new CodedError('INVALID_STATE', '尚无答复意见可评价');
      if (latest.satisfaction) throw new CodedError('ALREADY_RATED');
      await tx.query(`UPDATE cases.reply SET satisfaction = $2, rated_at = $3 WHERE id = $1`, [latest.id, satisfaction, now]);
      await tx.query(`UPDATE cases."case" SET satisfaction = $2 WHERE id = $1`, [row.id, satisfaction]);
      return [
        {
          type: 'case.case.rated',
          data: { caseId: row.id, petitionId: row.petition_id, stage: latest.stage, satisfaction, ratedAt: now.toISOString() },
        },
      ];
    });
  }

  requestReview(caller: Caller, id: string, reason: string) {
    return this.requestAppeal(caller, id, reason, 'REVIEW');
  }

  requestReReview(caller: Caller, id: string, reason: string) {
    return this.requestAppeal(caller, id, reason, 'REREVIEW');
  }

  decideReview(caller: Caller, id: string, outcome: ReplyOutcome, body: string) {
    return this.decideAppeal(caller, id, outcome, body, 'REVIEW', 0);
  }

  decideReReview(caller: Caller, id: string, outcome: ReplyOutcome, body: string, hearingDays: number) {
    return this.decideAppeal(caller, id, outcome, body, 'REREVIEW', hearingDays);
  }

  supervise(caller: Caller, id: string, reason: string, respondByDays: number | undefined) {
    return this.mutate(caller, id, 'SUPERVISE', async (tx, row, now) => {
      requireRole(caller, 'SUPERVISOR', 'LEADER');
      const noticeId = randomUUID();
      const respondBy = respondByDays
        ? computeDue(
            { code: 'SUPERVISION_RESPONSE', days: respondByDays, unit: 'CALENDAR_DAYS', basis: '督办通知' },
            now,
            this.deps.calendar,
          ).dueOn
        : null;
      await tx.query(`INSERT INTO cases.supervision (id, case_id, issued_by, issued_at, reason, respond_by) VALUES ($1,$2,$3,$4,$5,$6)`, [
        noticeId,
        row.id,
        caller.subject,
        now,
        reason,
        respondBy,
      ]);
      return [
        {
          type: 'case.case.supervised',
          data: {
            caseId: row.id,
            petitionId: row.petition_id,
            noticeId,
            departmentCode: row.department_code,
            issuedAt: now.toISOString(),
            respondBy,
          },
        },
      ];
    });
  }

  private requestAppeal(caller: Caller, id: string, reason: string, stage: 'REVIEW' | 'REREVIEW') {
    const action: CaseAction = stage === 'REVIEW' ? 'REQUEST_REVIEW' : 'REQUEST_REREVIEW';
    return this.mutate(caller, id, action, async (tx, row, now) => {
      requireRole(caller, 'CLERK', 'SUPERVISOR');
      const windowKind: DeadlineKind = stage === 'REVIEW' ? 'REVIEW_REQUEST' : 'REREVIEW_REQUEST';
      const window = await this.openDeadline(tx, row.id, windowKind);
      checkWithin(now, window?.due_at, 'REVIEW_PERIOD_PASSED');
      await this.close(tx, row.id, windowKind, 'MET', now);
      await tx.query(`INSERT INTO cases.appeal (id, case_id, stage, requested_at, reason) VALUES ($1,$2,$3,$4,$5)`, [
        randomUUID(),
        row.id,
        stage,
        now,
        reason,
      ]);
      const decision = this.due(stage === 'REVIEW' ? 'REVIEW_DECISION_30D' : 'REREVIEW_DECISION_30D', now);
      await this.addDeadline(tx, row.id, stage === 'REVIEW' ? 'REVIEW_DECISION' : 'REREVIEW_DECISION', decision, now);
      return [
        {
          type: 'case.case.reviewRequested',
          data: { caseId: row.id, petitionId: row.petition_id, stage, requestedAt: now.toISOString(), decisionDueOn: decision.dueOn },
        },
      ];
    });
  }

  private decideAppeal(caller: Caller, id: string, outcome: ReplyOutcome, body: string, stage: 'REVIEW' | 'REREVIEW', hearingDays: number) {
    const action: CaseAction = stage === 'REVIEW' ? 'DECIDE_REVIEW' : 'DECIDE_REREVIEW';
    return this.mutate(caller, id, action, async (tx, row, now) => {
      requireRole(caller, 'SUPERVISOR', 'LEADER');
      const kind: DeadlineKind = stage === 'REVIEW' ? 'REVIEW_DECISION' : 'REREVIEW_DECISION';
      const [appeal] = await tx.query(`SELECT id, requested_at FROM cases.appeal WHERE case_id = $1 AND stage = $2`, [row.id, stage]);
      if (hearingDays > 0) {
        // Hearing (听证) days do not count: the decision deadline moves by them (art. 36).
        await this.close(tx, row.id, kind, 'SUPERSEDED', now);
        await this.addDeadline(tx, row.id, kind, this.due('REREVIEW_DECISION_30D', appeal.requested_at, { pausedDays: hearingDays }), now);
      }
      const onTime = await this.meet(tx, row.id, kind, now);
      await tx.query(`UPDATE cases.appeal SET decided_at = $2, hearing_days = $3 WHERE id = $1`, [appeal.id, now, hearingDays]);
      await this.insertReply(tx, row.id, stage, outcome, body, now, caller, onTime);
      const events: PendingEvent[] = [
        {
          type: 'case.case.reviewDecided',
          data: { caseId: row.id, petitionId: row.petition_id, stage, outcome, decidedAt: now.toISOString(), onTime },
        },
      ];
      if (stage === 'REVIEW') {
        await this.addDeadline(tx, row.id, 'REREVIEW_REQUEST', this.due('REREVIEW_REQUEST_30D', now), now);
      } else {
        await tx.query(`UPDATE cases."case" SET closed_at = $2, closed_reason = 'REREVIEW_DECIDED' WHERE id = $1`, [row.id, now]);
        events.push({
          type: 'case.case.closed',
          data: { caseId: row.id, petitionId: row.petition_id, reason: 'REREVIEW_DECIDED', closedAt: now.toISOString() },
        });
      }
      return events;
    });
  }

  // ---- supervision scan ---------------------------------------------------------------------

  /** Flags newly overdue decision deadlines and closes cases whose appeal window has lapsed. */
  async scanOverdue(): Promise<{ overdue: number; closed: number }> {
    const now = this.deps.clock.now();
    const due: Array<{ case_id: string }> = await this.deps.dataSource.query(
      `SELECT DISTINCT case_id FROM cases.deadline
        WHERE status = 'OPEN' AND due_at < $1 AND ((kind = ANY($2) AND overdue_notified_at IS NULL) OR kind = ANY($3) OR kind = 'RETURN')
        LIMIT 1000`,
      [now, DECISION_KINDS, REQUEST_WINDOWS],
    );
    let overdue = 0;
    let closed = 0;
    for (const { case_id } of due) {
      await this.deps.dataSource.transaction(async (tx) => {
        const [row]: CaseRow[] = await tx.query(`SELECT * FROM cases."case" WHERE id = $1 FOR UPDATE`, [case_id]);
        const deadlines: DeadlineRow[] = await tx.query(
          `SELECT ${DEADLINE_COLUMNS} FROM cases.deadline d WHERE d.case_id = $1 AND d.status = 'OPEN' AND d.due_at < $2 FOR UPDATE`,
          [case_id, now],
        );
        const events: PendingEvent[] = [];
        let state = row.state;
        for (const d of deadlines) {
          if (DECISION_KINDS.includes(d.kind as DeadlineKind) && !d.overdue_notified_at) {
            await tx.query(`UPDATE cases.deadline SET overdue_notified_at = $2 WHERE id = $1`, [d.id, now]);
            events.push({
              type: 'case.case.overdue',
              data: {
                caseId: row.id,
                petitionId: row.petition_id,
                deadlineKind: d.kind,
                dueOn: d.due_on,
                departmentCode: row.department_code,
                detectedAt: now.toISOString(),
              },
            });
            overdue++;
          } else if (REQUEST_WINDOWS.includes(d.kind as DeadlineKind) || d.kind === 'RETURN') {
            await tx.query(`UPDATE cases.deadline SET status = 'LAPSED' WHERE id = $1`, [d.id]);
            if (d.kind !== 'RETURN' && (state === 'REPLIED' || state === 'REVIEW_DECIDED')) {
              state = 'CLOSED';
              await tx.query(`UPDATE cases."case" SET closed_at = $2, closed_reason = 'APPEAL_PERIOD_LAPSED' WHERE id = $1`, [row.id, now]);
              events.push({
                type: 'case.case.closed',
                data: { caseId: row.id, petitionId: row.petition_id, reason: 'APPEAL_PERIOD_LAPSED', closedAt: now.toISOString() },
              });
              closed++;
            }
          }
        }
        await this.commit(tx, row, state, events, now, { subject: 'system', department: null }, events.length ? 'SCAN' : null);
      });
    }
    return { overdue, closed };
  }

  /** Open cases with a decision deadline past due now (the cases_overdue metric; the overdueCases query's rule). */
  async countOverdue(): Promise<number> {
    const [row] = await this.deps.dataSource.query(
      `SELECT count(DISTINCT d.case_id)::int AS n FROM cases.deadline d
        WHERE d.status = 'OPEN' AND d.kind = ANY($1) AND d.due_at < $2`,
      [DECISION_KINDS, this.deps.clock.now()],
    );
    return row.n as number;
  }

  // ---- reads ----------------------------------------------------------------------------------

  async findManyVisible(caller: Caller, ids: readonly string[]): Promise<CaseRow[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    const params: unknown[] = [valid];
    return this.deps.dataSource.query(`SELECT c.* FROM cases."case" c WHERE c.id = ANY($1) AND ${caseVisibility(caller, params)}`, params);
  }

  async forPetitions(caller: Caller, petitionIds: readonly string[]): Promise<CaseRow[]> {
    const valid = petitionIds.filter(isUuid);
    if (!valid.length) return [];
    const params: unknown[] = [valid];
    return this.deps.dataSource.query(
      `SELECT c.* FROM cases."case" c WHERE c.petition_id = ANY($1) AND ${caseVisibility(caller, params)} ORDER BY c.opened_at`,
      params,
    );
  }

  list(caller: Caller, filter: CaseFilter, first?: number, after?: string) {
    const conditions = new SqlConditions().raw((params) => caseVisibility(caller, params));
    if (filter.states?.length) conditions.add('c.state = ANY(?)', filter.states);
    if (filter.departmentCode) conditions.add('c.department_code = ?', filter.departmentCode);
    if (filter.overdueOnly) {
      conditions.add(
        `EXISTS (SELECT 1 FROM cases.deadline d WHERE d.case_id = c.id AND d.status = 'OPEN' AND d.kind = ANY('{${DECISION_KINDS.join(',')}}') AND d.due_at < ?)`,
        this.deps.clock.now(),
      );
    }
    return keysetPage<CaseRow, Case>(
      {
        query: (sql, params) => this.deps.dataSource.query(sql, params),
        select: 'c.*',
        from: 'cases."case" c',
        conditions,
        at: 'c.opened_at',
        id: 'c.id',
        first,
        after,
        key: (r) => ({ at: r.opened_at.toISOString(), id: r.id }),
      },
      toCase,
    );
  }

  /** Rows of a case's child table for many cases at once (nested fields in lists stay one query). */
  async children(table: CaseChildTable, caseIds: readonly string[]): Promise<Array<Record<string, unknown> & { case_id: string }>> {
    const order = CHILD_ORDER[table];
    return this.deps.dataSource.query(`SELECT * FROM cases.${table} WHERE case_id = ANY($1) ORDER BY ${order}`, [caseIds]);
  }

  now(): Date {
    return this.deps.clock.now();
  }

  // ---- machinery ------------------------------------------------------------------------------

  /**
   * One transaction per command: lock the case (visible to the caller, or it does not exist for
   * them), check the transition, run the command, then state, version, timeline and events.
   */
  private async mutate(
    caller: Caller,
    id: string,
    action: CaseAction,
    work: (tx: EntityManager, row: CaseRow, now: Date) => Promise<PendingEvent[]>,
  ): Promise<Case> {
    if (!isUuid(id)) throw new CodedError('CASE_NOT_FOUND', undefined, { field: 'caseId' });
    return this.deps.dataSource.transaction(async (tx) => {
      const params: unknown[] = [id];
      const [row]: CaseRow[] = await tx.query(
        `SELECT c.* FROM cases."case" c WHERE c.id = $1 AND ${caseVisibility(caller, params)} FOR UPDATE`,
        params,
      );
      if (!row) throw new CodedError('CASE_NOT_FOUND', undefined, { field: 'caseId' });
      const next = nextState(row.state, action, row.closed_reason);
      const now = this.deps.clock.now();
      const events = await work(tx, row, now);
      await this.commit(tx, row, next, events, now, { subject: caller.subject, department: caller.department }, action);
      const [saved] = await tx.query(`SELECT * FROM cases."case" WHERE id = $1`, [row.id]);
      return toCase(saved);
    });
  }

  private async commit(
    tx: EntityManager,
    row: CaseRow,
    state: CaseState,
    events: PendingEvent[],
    now: Date,
    actor: { subject: string; department: string | null },
    action: string | null,
  ) {
    await tx.query(`UPDATE cases."case" SET state = $2, version = version + $3 WHERE id = $1`, [row.id, state, events.length]);
    for (const [i, event] of events.entries()) {
      await this.deps.outbox.append(tx, {
        type: event.type,
        data: event.data as never,
        aggregateId: row.id,
        aggregateVersion: row.version + i + 1,
        occurredAt: now,
      });
    }
    if (action) await this.timeline(tx, row.id, actor, action, { state, events: events.map((e) => e.type) });
  }

  private due(code: RuleCode, from: Date, opts: { extraDays?: number; pausedDays?: number } = {}): DueDate {
    return computeDue(this.deps.rules[code], from, this.deps.calendar, opts);
  }

  private async addDeadline(tx: EntityManager, caseId: string, kind: DeadlineKind, due: DueDate, now: Date) {
    await tx.query(`INSERT INTO cases.deadline (case_id, kind, due_on, due_at, rule, created_at) VALUES ($1,$2,$3,$4,$5,$6)`, [
      caseId,
      kind,
      due.dueOn,
      due.dueAt,
      due.rule,
      now,
    ]);
  }

  private async openDeadline(tx: EntityManager, caseId: string, kind: DeadlineKind): Promise<DeadlineRow | undefined> {
    const [row] = await tx.query(
      `SELECT ${DEADLINE_COLUMNS} FROM cases.deadline d WHERE d.case_id = $1 AND d.kind = $2 AND d.status = 'OPEN'`,
      [caseId, kind],
    );
    return row;
  }

  /** Marks a deadline met; true when met on time (or when there was none to meet). */
  private async meet(tx: EntityManager, caseId: string, kind: DeadlineKind, now: Date): Promise<boolean> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affectedCount].
    const [rows] = (await tx.query(
      `UPDATE cases.deadline SET status = 'MET', met_at = $3 WHERE case_id = $1 AND kind = $2 AND status = 'OPEN' RETURNING due_at`,
      [caseId, kind, now],
    )) as [Array<{ due_at: Date }>, number];
    return rows.every((r) => now.getTime() <= new Date(r.due_at).getTime());
  }

  private async close(tx: EntityManager, caseId: string, kind: DeadlineKind, status: 'MET' | 'SUPERSEDED', now: Date) {
    await tx.query(
      `UPDATE cases.deadline SET status = $3, met_at = CASE WHEN $3 = 'MET' THEN $4::timestamptz ELSE met_at END WHERE case_id = $1 AND kind = $2 AND status = 'OPEN'`,
      [caseId, kind, status, now],
    );
  }

  private async insertReply(
    tx: EntityManager,
    caseId: string,
    stage: AnswerStage,
    outcome: ReplyOutcome,
    body: string,
    now: Date,
    caller: Caller,
    onTime: boolean,
  ) {
    await tx.query(
      `INSERT INTO cases.reply (id, case_id, stage, outcome, body, replied_at, replied_by, on_time) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [randomUUID(), caseId, stage, outcome, body, now, caller.subject, onTime],
    );
  }

  private async timeline(
    tx: EntityManager,
    caseId: string,
    actor: { subject: string; department: string | null },
    action: string,
    detail: Record<string, unknown>,
  ) {
    await tx.query(`INSERT INTO cases.timeline (case_id, at, actor, actor_department, action, detail) VALUES ($1,$2,$3,$4,$5,$6)`, [
      caseId,
      this.deps.clock.now(),
      actor.subject,
      actor.department,
      action,
      JSON.stringify(detail),
    ]);
  }
}

function requireRole(caller: Caller, ...roles: Parameters<typeof hasRole>[1][]) {
  if (!hasRole(caller, ...roles)) throw new CodedError('FORBIDDEN', `需要角色 ${roles.join(' / ')}`);
}

export function toCase(row: CaseRow): Case {
  return {
    id: row.id,
    petitionId: row.petition_id,
    petition: { id: row.petition_id },
    state: row.state,
    mode: row.mode,
    departmentCode: row.department_code,
    leadDepartmentCode: row.lead_department_code,
    cooperatingDepartmentCodes: row.cooperating_department_codes,
    regionCode: row.region_code,
    categoryCode: row.category_code,
    receivedAt: row.received_at,
    acceptedAt: row.accepted_at,
    returnedAt: row.returned_at,
    returnReason: row.return_reason,
    extensionDays: row.extension_days,
    extensionReason: row.extension_reason,
    closedAt: row.closed_at,
    closedReason: row.closed_reason,
  };
}
