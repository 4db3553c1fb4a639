import type { MigrationInterface, QueryRunner } from 'typeorm';

import { eventTablesDown, eventTablesUp } from '@petition/events';

// The joint reception hall. No table holds a visitor's name, ID number, address or phone: a served
// visit points at the petition registered in intake, which alone keeps the person.
export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reception.hall (
      id uuid PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      region_code text NOT NULL,
      opens_at text NOT NULL,
      closes_at text NOT NULL,
      screen_key text NOT NULL,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL
    )`);
    await q.query(`CREATE INDEX hall_region ON reception.hall (region_code text_pattern_ops)`);

    // A window of a stationed department (驻厅单位).
    await q.query(`CREATE TABLE reception.station (
      id uuid PRIMARY KEY,
      hall_id uuid NOT NULL REFERENCES reception.hall(id),
      window_no text NOT NULL,
      department_code text NOT NULL,
      label text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL,
      UNIQUE (hall_id, window_no),
      UNIQUE (hall_id, department_code)
    )`);
    await q.query(`CREATE INDEX station_department ON reception.station (department_code)`);

    // The duty roster, one row per person and role per day; attendance is recorded on the row.
    await q.query(`CREATE TABLE reception.duty_shift (
      id uuid PRIMARY KEY,
      hall_id uuid NOT NULL REFERENCES reception.hall(id),
      station_id uuid NOT NULL REFERENCES reception.station(id),
      service_date date NOT NULL,
      duty_role text NOT NULL,
      staff_ref text NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      checked_in_at timestamptz,
      checked_out_at timestamptz,
      late_minutes int,
      absent_recorded_at timestamptz,
      left_early_minutes int,
      miss_version int NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL,
      UNIQUE (station_id, service_date, duty_role, staff_ref)
    )`);
    await q.query(`CREATE INDEX duty_shift_day ON reception.duty_shift (hall_id, service_date)`);
    await q.query(`CREATE INDEX duty_shift_unchecked ON reception.duty_shift (starts_at)
      WHERE checked_in_at IS NULL AND absent_recorded_at IS NULL`);

    // The petitions intake has registered (from intake.petition.registered): ids and facts, no person.
    await q.query(`CREATE TABLE reception.known_petition (
      petition_id uuid PRIMARY KEY,
      channel text NOT NULL,
      visit_kind text NOT NULL,
      headcount int NOT NULL,
      region_code text NOT NULL,
      registered_at timestamptz NOT NULL
    )`);

    await q.query(`CREATE TABLE reception.ticket_counter (
      hall_id uuid NOT NULL REFERENCES reception.hall(id),
      service_date date NOT NULL,
      last_seq int NOT NULL,
      PRIMARY KEY (hall_id, service_date)
    )`);
    // A visitor's queue ticket; a served ticket carries its demand form (诉求单).
    await q.query(`CREATE TABLE reception.ticket (
      id uuid PRIMARY KEY,
      hall_id uuid NOT NULL REFERENCES reception.hall(id),
      service_date date NOT NULL,
      seq int NOT NULL,
      number text NOT NULL,
      visit_kind text NOT NULL,
      headcount int NOT NULL,
      language text,
      station_id uuid REFERENCES reception.station(id),
      state text NOT NULL,
      issued_at timestamptz NOT NULL,
      issued_by text NOT NULL,
      triaged_at timestamptz,
      called_at timestamptz,
      called_by text,
      call_count int NOT NULL DEFAULT 0,
      served_at timestamptz,
      served_by text,
      petition_id uuid,
      answer text,
      settled_in_hall boolean,
      UNIQUE (hall_id, service_date, seq)
    )`);
    await q.query(`CREATE INDEX ticket_waiting ON reception.ticket (hall_id, service_date, seq) WHERE state = 'WAITING'`);
    await q.query(`CREATE INDEX ticket_petition ON reception.ticket (petition_id) WHERE petition_id IS NOT NULL`);
    await q.query(`CREATE INDEX ticket_served ON reception.ticket (hall_id, served_at) WHERE state = 'SERVED'`);

    await q.query(`CREATE TABLE reception.joint_session (
      id uuid PRIMARY KEY,
      hall_id uuid NOT NULL REFERENCES reception.hall(id),
      petition_id uuid NOT NULL,
      ticket_id uuid REFERENCES reception.ticket(id),
      state text NOT NULL,
      present_department_codes text[] NOT NULL,
      lead_department_code text,
      cooperating_department_codes text[] NOT NULL DEFAULT '{}',
      plan text,
      settled_in_hall boolean,
      convened_at timestamptz NOT NULL,
      convened_by text NOT NULL,
      concluded_at timestamptz,
      concluded_by text
    )`);
    await q.query(`CREATE INDEX joint_session_petition ON reception.joint_session (petition_id)`);
    await q.query(`CREATE INDEX joint_session_hall ON reception.joint_session (hall_id, convened_at)`);

    // Leader reception days (领导接访日), appointments (约访) and field visits (下访).
    await q.query(`CREATE TABLE reception.reception_day (
      id uuid PRIMARY KEY,
      hall_id uuid NOT NULL REFERENCES reception.hall(id),
      leader_ref text NOT NULL,
      leader_title text NOT NULL,
      service_date date NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      capacity int NOT NULL,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      UNIQUE (hall_id, leader_ref, service_date)
    )`);
    await q.query(`CREATE TABLE reception.appointment (
      id uuid PRIMARY KEY,
      reception_day_id uuid NOT NULL REFERENCES reception.reception_day(id),
      petition_id uuid NOT NULL,
      state text NOT NULL,
      outcome text,
      note text,
      booked_at timestamptz NOT NULL,
      booked_by text NOT NULL,
      concluded_at timestamptz,
      concluded_by text,
      UNIQUE (reception_day_id, petition_id)
    )`);
    await q.query(`CREATE INDEX appointment_petition ON reception.appointment (petition_id)`);
    await q.query(`CREATE TABLE reception.field_visit (
      id uuid PRIMARY KEY,
      leader_ref text NOT NULL,
      leader_title text NOT NULL,
      visit_date date NOT NULL,
      region_code text NOT NULL,
      destination text NOT NULL,
      problems_found int NOT NULL,
      problems_solved int NOT NULL,
      petition_ids uuid[] NOT NULL DEFAULT '{}',
      note text,
      recorded_at timestamptz NOT NULL,
      recorded_by text NOT NULL
    )`);
    await q.query(`CREATE INDEX field_visit_region ON reception.field_visit (region_code text_pattern_ops, visit_date)`);

    for (const sql of eventTablesUp('reception')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of eventTablesDown('reception')) await q.query(sql);
    for (const t of [
      'field_visit',
      'appointment',
      'reception_day',
      'joint_session',
      'ticket',
      'ticket_counter',
      'known_petition',
      'duty_shift',
      'station',
      'hall',
    ]) {
      await q.query(`DROP TABLE IF EXISTS reception.${t}`);
    }
  }
}
