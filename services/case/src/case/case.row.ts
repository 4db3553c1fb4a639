import type { CaseState, ClosedReason } from './case-rules';

export interface CaseRow {
  id: string;
  petition_id: string;
  routing_id: string;
  mode: string;
  department_code: string;
  lead_department_code: string | null;
  cooperating_department_codes: string[];
  accused_department_code: string | null;
  region_code: string;
  category_code: string;
  nature: string;
  state: CaseState;
  received_at: Date;
  opened_at: Date;
  accepted_at: Date | null;
  returned_at: Date | null;
  return_reason: string | null;
  extension_days: number | null;
  extension_reason: string | null;
  satisfaction: string | null;
  closed_at: Date | null;
  closed_reason: ClosedReason | null;
  version: number;
}

export interface DeadlineRow {
  id: string;
  case_id: string;
  kind: string;
  due_on: string;
  due_at: Date;
  rule: string;
  status: string;
  met_at: Date | null;
  overdue_notified_at: Date | null;
}

export const DEADLINE_COLUMNS = `d.id, d.case_id, d.kind, to_char(d.due_on, 'YYYY-MM-DD') AS due_on, d.due_at, d.rule, d.status, d.met_at, d.overdue_notified_at`;
