import type { Caller } from '@petition/auth';
import { visibilityCondition } from '@petition/auth';

/**
 * The SQL condition saying which petitions (alias `p`) a caller may read, appended to every read
 * path: bureau roles see their jurisdiction (region-code prefix); handlers see petitions routed to
 * their department (responsible, lead or cooperating, by a routing or a joint reception session);
 * anyone else sees none.
 */
export function petitionVisibility(caller: Caller, params: unknown[], alias = 'p'): string {
  return visibilityCondition(caller, params, {
    regionColumn: `${alias}.region_code`,
    handledBy: (d) => `EXISTS (SELECT 1 FROM intake.routing r WHERE r.petition_id = ${alias}.id AND r.returned_at IS NULL
      AND (r.department_code = ${d} OR r.lead_department_code = ${d} OR ${d} = ANY (r.cooperating_department_codes)))
      OR EXISTS (SELECT 1 FROM intake.joint_department j WHERE j.petition_id = ${alias}.id AND j.department_code = ${d})`,
  });
}

/** 检举控告: the accused unit never sees the reporter or the accusation's material (条例 art. 30). */
export function isAccusedUnit(caller: Caller, row: { nature: string; accused_department_code: string | null }): boolean {
  return row.nature === 'ACCUSATION' && !!row.accused_department_code && caller.department === row.accused_department_code;
}
