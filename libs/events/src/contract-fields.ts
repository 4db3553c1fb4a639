import { z } from 'zod';

// The field schemas and value sets the event contract (contract.ts) is written in.

export const id = z.string().uuid();
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const instant = z.string().datetime({ offset: true });
export const departmentCode = z.string().min(1).max(64);
export const regionCode = z.string().regex(/^\d{6}(\d{3})?$/);

export const CHANNELS = ['LETTER', 'VISIT', 'PHONE', 'ONLINE', 'MAILBOX'] as const;
export const VISIT_KINDS = ['INDIVIDUAL', 'COLLECTIVE'] as const;
export const NATURES = ['SUGGESTION', 'ACCUSATION', 'GRIEVANCE'] as const;
export const LEVELS = ['NATIONAL', 'PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP'] as const;
export const ROUTING_MODES = ['FORWARD', 'ASSIGN'] as const;
export const LEGAL_CHANNELS = [
  'LITIGATION',
  'ARBITRATION',
  'ADMIN_RECONSIDERATION',
  'PARTY_DISCIPLINE_APPEAL',
  'ADMIN_PROCEDURE',
  'OTHER_AUTHORITY',
] as const;
export const REPLY_OUTCOMES = ['SUPPORT', 'EXPLAIN', 'NOT_SUPPORT'] as const;
export const SATISFACTIONS = ['SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED'] as const;
export const APPEAL_STAGES = ['REVIEW', 'REREVIEW'] as const;
export const UNIT_LEVELS = ['VILLAGE', 'TOWNSHIP', 'DISTRICT'] as const;
/** A screening unit's region code: county (6), township (9) or village/community (12 digits). */
export const screeningUnitCode = z.string().regex(/^\d{6}(\d{3}){0,2}$/);

export const DUTY_ROLES = ['DUTY_LEADER', 'DUTY_OFFICER'] as const;
export const DUTY_MISSES = ['LATE', 'ABSENT', 'LEFT_EARLY'] as const;
export const APPOINTMENT_OUTCOMES = ['SETTLED', 'INSTRUCTED', 'EXPLAINED', 'NO_SHOW'] as const;

export const petitionFacts = {
  petitionId: id,
  trackingNumber: z.string(),
  channel: z.enum(CHANNELS),
  visitKind: z.enum(VISIT_KINDS),
  headcount: z.number().int().positive(),
  nature: z.enum(NATURES),
  categoryCode: z.string(),
  level: z.enum(LEVELS),
  skipLevel: z.boolean(),
  regionCode,
  /** Organisation the matter concerns; null for accusations (their material never leaves intake). */
  involvedOrganization: z.string().nullable(),
  registeredAt: instant,
};
