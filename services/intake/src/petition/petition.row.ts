import type { Caller } from '@petition/auth';

import type { Channel, DeclineReason, LegalChannel, Level, Nature, PetitionStatus, VisitKind } from './enums';
import type { Petition } from './petition.model';
import { isAccusedUnit } from './access';

export interface PetitionRow {
  id: string;
  tracking_number: string;
  access_code_hash: string;
  channel: string;
  visit_kind: string;
  headcount: number;
  nature: string;
  category_code: string;
  level: string;
  skip_level: boolean;
  region_code: string;
  involved_organization: string | null;
  accused_department_code: string | null;
  summary: string;
  demands: string;
  status: string;
  received_at: Date;
  registered_at: Date;
  routing_due_on: string;
  routing_due_rule: string;
  repeat_of: string | null;
  decline_reason_code: string | null;
  decline_reason: string | null;
  legal_channel: string | null;
  decided_at: Date | null;
  version: number;
}

export const PETITION_COLUMNS = `p.id, p.tracking_number, p.access_code_hash, p.channel, p.visit_kind, p.headcount, p.nature,
  p.category_code, p.level, p.skip_level, p.region_code, p.involved_organization, p.accused_department_code, p.summary,
  p.demands, p.status, p.received_at, p.registered_at, to_char(p.routing_due_on, 'YYYY-MM-DD') AS routing_due_on,
  p.routing_due_rule, p.repeat_of, p.decline_reason_code, p.decline_reason, p.legal_channel, p.decided_at, p.version`;

export function toPetition(row: PetitionRow, caller: Caller): Petition {
  const hidden = isAccusedUnit(caller, row);
  return {
    id: row.id,
    trackingNumber: row.tracking_number,
    channel: row.channel as Channel,
    visitKind: row.visit_kind as VisitKind,
    headcount: row.headcount,
    nature: row.nature as Nature,
    categoryCode: row.category_code,
    level: row.level as Level,
    skipLevel: row.skip_level,
    regionCode: row.region_code,
    involvedOrganization: hidden ? null : row.involved_organization,
    accusedDepartmentCode: row.accused_department_code,
    summary: hidden ? null : row.summary,
    demands: hidden ? null : row.demands,
    status: row.status as PetitionStatus,
    receivedAt: row.received_at,
    registeredAt: row.registered_at,
    routingDueOn: row.routing_due_on,
    routingDueRule: row.routing_due_rule,
    repeatOfId: row.repeat_of,
    decision: row.decline_reason_code
      ? {
          reasonCode: row.decline_reason_code as DeclineReason,
          reason: row.decline_reason ?? '',
          legalChannel: row.legal_channel as LegalChannel | null,
          decidedAt: row.decided_at!,
        }
      : null,
  };
}
