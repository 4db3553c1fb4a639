import type { MigrationInterface, QueryRunner } from 'typeorm';

import { eventTablesDown, eventTablesUp } from '@petition/events';

export class Initial1763700000001 implements MigrationInterface {
  name = 'Initial1763700000001';

  async up(q: QueryRunner): Promise<void> {
    // One case per routing: routing_id is the natural key that makes opening idempotent.
    await q.query(`CREATE TABLE cases."case" (
      id uuid PRIMARY KEY,
      petition_id uuid NOT NULL,
      routing_id uuid NOT NULL UNIQUE,
      mode text NOT NULL,
      department_code text NOT NULL,
      lead_department_code text,
      cooperating_department_codes text[] NOT NULL DEFAULT '{}',
      accused_department_code text,
      region_code text NOT NULL,
      category_code text NOT NULL,
      nature text NOT NULL,
      state text NOT NULL,
      received_at timestamptz NOT NULL,
      opened_at timestamptz NOT NULL,
      accepted_at timestamptz,
      returned_at timestamptz,
      return_reason text,
      extension_days int,
      extension_reason text,
      satisfaction text,
      closed_at timestamptz,
      closed_reason text,
      version int NOT NULL DEFAULT 1
    )`);
    await q.query(`CREATE INDEX case_petition ON cases."case" (petition_id, opened_at DESC)`);
    await q.query(`CREATE INDEX case_department ON cases."case" (department_code, opened_at DESC)`);
    await q.query(`CREATE INDEX case_region ON cases."case" (region_code text_pattern_ops, opened_at DESC)`);
    // Every due date with the rule that produced it.
    await q.query(`CREATE TABLE cases.deadline (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases."case"(id),
      kind text NOT NULL,
      due_on date NOT NULL,
      due_at timestamptz NOT NULL,
      rule text NOT NULL,
      status text NOT NULL DEFAULT 'OPEN',
      met_at timestamptz,
      overdue_notified_at timestamptz,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX deadline_open_due ON cases.deadline (due_at) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX deadline_case ON cases.deadline (case_id)`);
    await q.query(`CREATE TABLE cases.reply (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases."case"(id),
      stage text NOT NULL,
      outcome text NOT NULL,
      body text NOT NULL,
      replied_at timestamptz NOT NULL,
      replied_by text NOT NULL,
      on_time boolean NOT NULL,
      satisfaction text,
      rated_at timestamptz,
      UNIQUE (case_id, stage)
    )`);
    await q.query(`CREATE TABLE cases.appeal (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases."case"(id),
      stage text NOT NULL,
      requested_at timestamptz NOT NULL,
      reason text NOT NULL,
      hearing_days int NOT NULL DEFAULT 0,
      decided_at timestamptz,
      UNIQUE (case_id, stage)
    )`);
    await q.query(`CREATE TABLE cases.supervision (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases."case"(id),
      issued_by text NOT NULL,
      issued_at timestamptz NOT NULL,
      reason text NOT NULL,
      respond_by date
    )`);
    // Append-only: who did what and when. UPDATE and DELETE are refused by the database itself.
    await q.query(`CREATE TABLE cases.timeline (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases."case"(id),
      at timestamptz NOT NULL,
      actor text NOT NULL,
      actor_department text,
      action text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}'
    )`);
    await q.query(`CREATE INDEX timeline_case ON cases.timeline (case_id, id)`);
    await q.query(`CREATE FUNCTION cases.timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'cases.timeline is append-only'; END $$`);
    await q.query(`CREATE TRIGGER timeline_append_only BEFORE UPDATE OR DELETE ON cases.timeline
      FOR EACH ROW EXECUTE FUNCTION cases.timeline_append_only()`);
    for (const sql of eventTablesUp('cases')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of eventTablesDown('cases')) await q.query(sql);
    await q.query(`DROP TRIGGER timeline_append_only ON cases.timeline`);
    await q.query(`DROP FUNCTION cases.timeline_append_only()`);
    for (const t of ['timeline', 'supervision', 'appeal', 'reply', 'deadline', '"case"']) await q.query(`DROP TABLE cases.${t}`);
  }
}
