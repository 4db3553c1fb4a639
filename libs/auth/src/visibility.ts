import type { Caller, Role } from './caller';
import { hasRole } from './caller';

export interface VisibilityRule {
  /** The row's region-code column, e.g. `p.region_code`. */
  regionColumn: string;
  /** SQL true when the department bound at `param` handles the row (responsible, lead or cooperating). */
  handledBy: (param: string) => string;
  /** The roles that see the whole jurisdiction; default the bureau roles ADMIN, CLERK, SUPERVISOR, LEADER. */
  regionRoles?: Role[];
}

const BUREAU_ROLES: Role[] = ['ADMIN', 'CLERK', 'SUPERVISOR', 'LEADER'];

/**
 * The platform's one read rule, as a SQL condition appended to every read path: bureau roles
 * (ADMIN, CLERK, SUPERVISOR, LEADER) see their jurisdiction, a region-code prefix; a HANDLER sees
 * what its department handles; anyone else sees nothing. Parameters are pushed onto `params`.
 */
export function visibilityCondition(caller: Caller, params: unknown[], rule: VisibilityRule): string {
  const parts: string[] = [];
  if (hasRole(caller, ...(rule.regionRoles ?? BUREAU_ROLES))) {
    params.push(caller.jurisdiction);
    parts.push(`${rule.regionColumn} LIKE $${params.length} || '%'`);
  }
  if (hasRole(caller, 'HANDLER') && caller.department) {
    params.push(caller.department);
    parts.push(rule.handledBy(`$${params.length}`));
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}
