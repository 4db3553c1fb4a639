import type { MigrationInterface, QueryRunner } from 'typeorm';

import { eventTablesDown, eventTablesUp } from '@petition/events';

import { INITIAL_PROJECTION_TABLES, projectionTablesUp } from './projection-tables';

export class Initial1763800000000 implements MigrationInterface {
  name = 'Initial1763800000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of projectionTablesUp('hotspot')) await q.query(sql);

    // What people decided about an alert. Keyed by the alert's derived id, so a rebuilt
    // projection finds its decisions again.
    await q.query(`CREATE TABLE hotspot.alert_decision (
      alert_id uuid PRIMARY KEY,
      version int NOT NULL DEFAULT 1,
      acknowledged_at timestamptz,
      acknowledged_by text,
      owner_name text,
      owner_title text,
      owned_at timestamptz,
      assigned_by text,
      cleared_at timestamptz,
      cleared_by text,
      clear_note text,
      note text
    )`);

    // Screening units: villages/communities (12 digits), townships (9), districts/counties (6).
    await q.query(`CREATE TABLE hotspot.screening_unit (
      code text PRIMARY KEY,
      name text NOT NULL,
      level text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      reporting_since timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE hotspot.sensitive_period (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      region_prefix text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE hotspot.screening_report (
      id uuid PRIMARY KEY,
      unit_code text NOT NULL REFERENCES hotspot.screening_unit (code),
      period_key text NOT NULL,
      due_at timestamptz NOT NULL,
      submitted_at timestamptz NOT NULL,
      on_time boolean NOT NULL,
      zero_report boolean NOT NULL,
      note text,
      submitted_by text NOT NULL,
      UNIQUE (unit_code, period_key)
    )`);
    await q.query(`CREATE TABLE hotspot.missed_report (
      unit_code text NOT NULL REFERENCES hotspot.screening_unit (code),
      period_key text NOT NULL,
      due_at timestamptz NOT NULL,
      detected_at timestamptz NOT NULL,
      PRIMARY KEY (unit_code, period_key)
    )`);
    await q.query(`CREATE TABLE hotspot.risk_item (
      id uuid PRIMARY KEY,
      report_id uuid NOT NULL REFERENCES hotspot.screening_report (id),
      unit_code text NOT NULL,
      issue text NOT NULL,
      category_code text NOT NULL,
      place text NOT NULL,
      estimated_people int NOT NULL,
      organization text,
      measures text NOT NULL,
      responsible_official text NOT NULL,
      collective_signal boolean NOT NULL,
      status text NOT NULL,
      assignee text,
      hotspot_id uuid,
      petition_id uuid,
      resolution text,
      reported_at timestamptz NOT NULL,
      resolved_at timestamptz,
      version int NOT NULL DEFAULT 1
    )`);
    await q.query(`CREATE INDEX risk_item_unit_idx ON hotspot.risk_item (unit_code text_pattern_ops, reported_at DESC)`);
    await q.query(`CREATE INDEX risk_item_hotspot_idx ON hotspot.risk_item (hotspot_id) WHERE hotspot_id IS NOT NULL`);
    for (const sql of eventTablesUp('hotspot')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of eventTablesDown('hotspot')) await q.query(sql);
    for (const t of [
      'risk_item',
      'missed_report',
      'screening_report',
      'sensitive_period',
      'screening_unit',
      'alert_decision',
      ...INITIAL_PROJECTION_TABLES,
    ]) {
      await q.query(`DROP TABLE hotspot.${t}`);
    }
  }
}
