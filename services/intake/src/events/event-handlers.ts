import type { EntityManager } from 'typeorm';

import type { Envelope, EventType, HandlerMap } from '@petition/events';

// Intake learns how the case goes only from case events: a return re-opens routing, the rest
// becomes the petitioner's progress view (trackPetition). Nothing here reads the case schema.
async function recordProgress(tx: EntityManager, event: Envelope<EventType>, dueOn: string | null, outcome: string | null) {
  const data = event.data as { petitionId: string };
  await tx.query(
    `INSERT INTO intake.progress (petition_id, event_id, kind, at, due_on, outcome)
     SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM intake.petition WHERE id = $1)
     ON CONFLICT (event_id) DO NOTHING`,
    [data.petitionId, event.id, event.type.split('.').pop(), event.occurredAt, dueOn, outcome],
  );
}

export const caseEventHandlers: HandlerMap = {
  'case.case.opened': (e, tx) => recordProgress(tx, e, e.data.acceptanceDueOn, null),
  'case.case.accepted': (e, tx) => recordProgress(tx, e, e.data.handlingDueOn, null),
  'case.case.extended': (e, tx) => recordProgress(tx, e, e.data.handlingDueOn, null),
  'case.case.replied': (e, tx) => recordProgress(tx, e, null, e.data.outcome),
  'case.case.rated': (e, tx) => recordProgress(tx, e, null, e.data.satisfaction),
  'case.case.reviewRequested': (e, tx) => recordProgress(tx, e, e.data.decisionDueOn, e.data.stage),
  'case.case.reviewDecided': (e, tx) => recordProgress(tx, e, null, e.data.outcome),
  'case.case.returned': async (e, tx) => {
    // The department objected within its 5 working days: the bureau must route the matter again.
    await tx.query(
      `UPDATE intake.routing SET returned_at = $2, return_reason = $3
        WHERE id = (SELECT id FROM intake.routing WHERE petition_id = $1 AND department_code = $4 AND returned_at IS NULL ORDER BY routed_at DESC LIMIT 1)`,
      [e.data.petitionId, e.data.returnedAt, e.data.reason, e.data.departmentCode],
    );
    await tx.query(`UPDATE intake.petition SET status = 'RETURNED' WHERE id = $1 AND status = 'ROUTED'`, [e.data.petitionId]);
    await recordProgress(tx, e, null, null);
  },
  'case.case.closed': async (e, tx) => {
    await tx.query(`UPDATE intake.petition SET status = 'CLOSED' WHERE id = $1`, [e.data.petitionId]);
    await recordProgress(tx, e, null, e.data.reason);
  },
};

// A joint reception session made departments lead or cooperating on a petition: they may read it.
export const receptionEventHandlers: HandlerMap = {
  'reception.jointSession.concluded': async (e, tx) => {
    const departments = [e.data.leadDepartmentCode, ...e.data.cooperatingDepartmentCodes];
    await tx.query(
      `INSERT INTO intake.joint_department (petition_id, department_code, session_id)
       SELECT $1, d, $3 FROM unnest($2::text[]) AS d WHERE EXISTS (SELECT 1 FROM intake.petition WHERE id = $1)
       ON CONFLICT (petition_id, department_code) DO NOTHING`,
      [e.data.petitionId, departments, e.data.sessionId],
    );
  },
};
