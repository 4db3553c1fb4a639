import type { Caller, Role } from '@petition/auth';
import { hasRole, inJurisdiction, visibilityCondition } from '@petition/auth';
import { CodedError } from '@petition/subgraph';

/** Who runs a hall: its rosters, stations, joint sessions and leader days. */
export const HALL_MANAGERS: Role[] = ['ADMIN', 'HALL_COORDINATOR'];
/** Who may work the queue: the ticket machine's account, the triage desk, and the windows. */
export const QUEUE_WORKERS: Role[] = ['ADMIN', 'HALL_COORDINATOR', 'CLERK', 'HANDLER'];
/** Who reads halls, tickets, sessions and appointments (what they see is limited in SQL). */
export const HALL_READERS: Role[] = ['ADMIN', 'HALL_COORDINATOR', 'CLERK', 'SUPERVISOR', 'LEADER', 'HANDLER'];
/** Who reads the figures: the readers and analysts (aggregates only). */
export const FIGURE_READERS: Role[] = [...HALL_READERS, 'ANALYST'];
/** Who records a leader's reception outcomes and field visits. */
export const LEADER_RECORDERS: Role[] = ['ADMIN', 'HALL_COORDINATOR', 'LEADER'];

/**
 * The hall read rule (the platform's one rule, `visibilityCondition`), on a row aliased `alias` with
 * `alias.region_code` and `alias.id`: the bureau roles and the hall coordinator see the halls of their
 * jurisdiction; a HANDLER sees the halls its department is stationed in. `aggregate` adds ANALYST,
 * who only ever receives figures.
 */
export function hallVisibility(caller: Caller, params: unknown[], alias: string, aggregate = false): string {
  return visibilityCondition(caller, params, {
    regionColumn: `${alias}.region_code`,
    regionRoles: ['ADMIN', 'HALL_COORDINATOR', 'CLERK', 'SUPERVISOR', 'LEADER', ...(aggregate ? (['ANALYST'] as Role[]) : [])],
    handledBy: (d) => `EXISTS (SELECT 1 FROM reception.station vs WHERE vs.hall_id = ${alias}.id AND vs.department_code = ${d})`,
  });
}

/** A manager acts only on the halls of their own jurisdiction. */
export function requireManager(caller: Caller, hall: { region_code: string }) {
  if (!hasRole(caller, ...HALL_MANAGERS) || !inJurisdiction(caller, hall.region_code)) {
    throw new CodedError('FORBIDDEN', '只能管理本辖区的接访大厅');
  }
}

/** A window is worked by the hall's coordinator or clerks, or by a HANDLER of the stationed department. */
export function requireWindowWorker(caller: Caller, hall: { region_code: string }, station: { department_code: string }) {
  if (hasRole(caller, 'ADMIN', 'HALL_COORDINATOR', 'CLERK') && inJurisdiction(caller, hall.region_code)) return;
  if (hasRole(caller, 'HANDLER') && caller.department === station.department_code) return;
  throw new CodedError('FORBIDDEN', '只能在本单位的窗口叫号和接待');
}
