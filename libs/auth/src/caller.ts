export const ROLES = ['CLERK', 'SUPERVISOR', 'HANDLER', 'LEADER', 'HALL_COORDINATOR', 'REPORTER', 'ANALYST', 'ADMIN'] as const;

export type Role = (typeof ROLES)[number];

/** Who is calling: taken from the verified JWT, never from client-supplied fields. */
export interface Caller {
  subject: string;
  /** Department code (单位), e.g. `D-HOUSING`; null for callers who act for no department. */
  department: string | null;
  roles: Role[];
  /** Region-code prefix of the caller's jurisdiction (GB/T 2260), e.g. `3301` for a city. */
  jurisdiction: string;
  anonymous: boolean;
}

export const ANONYMOUS: Caller = Object.freeze({
  subject: 'anonymous',
  department: null,
  roles: [],
  jurisdiction: '',
  anonymous: true,
}) as Caller;

export function hasRole(caller: Caller, ...roles: Role[]): boolean {
  return caller.roles.some((role) => roles.includes(role));
}

/** A region code (or prefix) inside the caller's jurisdiction. */
export function inJurisdiction(caller: Caller, regionCode: string): boolean {
  return regionCode.startsWith(caller.jurisdiction);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface AuthContext {
  caller: Caller;
}
