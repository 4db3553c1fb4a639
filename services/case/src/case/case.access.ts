import type { Caller } from '@petition/auth';
import { hasRole, visibilityCondition } from '@petition/auth';
import { CodedError } from '@petition/subgraph';

/**
 * Which cases (alias `c`) a caller may read, enforced in SQL on every path: bureau roles see their
 * jurisdiction; a HANDLER sees cases where its department is responsible, lead or cooperating;
 * the accused unit of an accusation sees nothing of it, whatever its roles.
 */
export function caseVisibility(caller: Caller, params: unknown[], alias = 'c'): string {
  const visible = visibilityCondition(caller, params, {
    regionColumn: `${alias}.region_code`,
    handledBy: (d) =>
      `(${alias}.department_code = ${d} OR ${alias}.lead_department_code = ${d} OR ${d} = ANY (${alias}.cooperating_department_codes))`,
  });
  if (visible === 'false') return visible;
  params.push(caller.department ?? '');
  return `(${visible} AND ${alias}.accused_department_code IS DISTINCT FROM $${params.length})`;
}

/** Accepting, returning, extending and replying belong to the responsible (or lead) department. */
export function requireHandlingDepartment(caller: Caller, row: { department_code: string; lead_department_code: string | null }) {
  if (!hasRole(caller, 'HANDLER')) throw new CodedError('FORBIDDEN', '需要经办人 (HANDLER) 角色');
  if (caller.department !== row.department_code && caller.department !== row.lead_department_code) {
    throw new CodedError('FORBIDDEN_DEPARTMENT', '只有责任单位或牵头单位可以办理');
  }
}
