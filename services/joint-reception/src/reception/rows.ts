// Rows as PostgreSQL returns them (dates read as text: `service_date::text`).

export interface HallRow {
  id: string;
  code: string;
  name: string;
  region_code: string;
  opens_at: string;
  closes_at: string;
  screen_key: string;
}

export interface StationRow {
  id: string;
  hall_id: string;
  window_no: string;
  department_code: string;
  label: string;
  active: boolean;
}

export interface ShiftRow {
  id: string;
  hall_id: string;
  station_id: string;
  department_code: string;
  service_date: string;
  duty_role: string;
  staff_ref: string;
  starts_at: Date;
  ends_at: Date;
  checked_in_at: Date | null;
  checked_out_at: Date | null;
  late_minutes: number | null;
  absent_recorded_at: Date | null;
  left_early_minutes: number | null;
}

export interface TicketRow {
  id: string;
  hall_id: string;
  service_date: string;
  seq: number;
  number: string;
  visit_kind: string;
  headcount: number;
  language: string | null;
  station_id: string | null;
  window_no: string | null;
  state: string;
  issued_at: Date;
  called_at: Date | null;
  served_at: Date | null;
  petition_id: string | null;
  answer: string | null;
  settled_in_hall: boolean | null;
}

export interface JointSessionRow {
  id: string;
  hall_id: string;
  petition_id: string;
  ticket_id: string | null;
  state: string;
  present_department_codes: string[];
  lead_department_code: string | null;
  cooperating_department_codes: string[];
  plan: string | null;
  settled_in_hall: boolean | null;
  convened_at: Date;
  concluded_at: Date | null;
}

export interface ReceptionDayRow {
  id: string;
  hall_id: string;
  leader_ref: string;
  leader_title: string;
  service_date: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  booked: number;
}

export interface AppointmentRow {
  id: string;
  reception_day_id: string;
  petition_id: string;
  state: string;
  outcome: string | null;
  note: string | null;
  booked_at: Date;
  concluded_at: Date | null;
}

export const TICKET_SELECT = `SELECT t.id, t.hall_id, t.service_date::text AS service_date, t.seq, t.number, t.visit_kind, t.headcount,
  t.language, t.station_id, s.window_no, t.state, t.issued_at, t.called_at, t.served_at, t.petition_id, t.answer, t.settled_in_hall
  FROM reception.ticket t LEFT JOIN reception.station s ON s.id = t.station_id`;

export const SHIFT_SELECT = `SELECT d.id, d.hall_id, d.station_id, s.department_code, d.service_date::text AS service_date, d.duty_role,
  d.staff_ref, d.starts_at, d.ends_at, d.checked_in_at, d.checked_out_at, d.late_minutes, d.absent_recorded_at, d.left_early_minutes
  FROM reception.duty_shift d JOIN reception.station s ON s.id = d.station_id`;

export const JOINT_SESSION_COLUMNS = `j.id, j.hall_id, j.petition_id, j.ticket_id, j.state, j.present_department_codes, j.lead_department_code,
  j.cooperating_department_codes, j.plan, j.settled_in_hall, j.convened_at, j.concluded_at`;

export const APPOINTMENT_COLUMNS = `a.id, a.reception_day_id, a.petition_id, a.state, a.outcome, a.note, a.booked_at, a.concluded_at`;
