import type { MigrationInterface, QueryRunner } from 'typeorm';

import { eventTablesDown, eventTablesUp } from '@petition/events';

import { DEFAULT_CATEGORIES } from '../reference/default-categories';

export class Initial1763700000000 implements MigrationInterface {
  name = 'Initial1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE intake.category (
      code text PRIMARY KEY,
      name text NOT NULL,
      parent_code text REFERENCES intake.category(code),
      active boolean NOT NULL DEFAULT true
    )`);
    await q.query(`CREATE TABLE intake.department (
      code text PRIMARY KEY,
      name text NOT NULL,
      region_code text NOT NULL,
      active boolean NOT NULL DEFAULT true
    )`);
    // Personal data is stored encrypted (AES-256-GCM); id_number_index is a keyed hash for lookup.
    await q.query(`CREATE TABLE intake.petitioner (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name_enc text NOT NULL,
      id_number_enc text NOT NULL,
      id_number_index text NOT NULL,
      id_number_masked text NOT NULL,
      gender text,
      ethnicity text,
      phone_enc text,
      address_enc text,
      work_unit_enc text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX petitioner_id_number_index ON intake.petitioner (id_number_index)`);
    await q.query(`CREATE TABLE intake.petition (
      id uuid PRIMARY KEY,
      tracking_number text NOT NULL UNIQUE,
      access_code_hash text NOT NULL,
      channel text NOT NULL,
      visit_kind text NOT NULL,
      headcount int NOT NULL CHECK (headcount > 0),
      nature text NOT NULL,
      category_code text NOT NULL REFERENCES intake.category(code),
      level text NOT NULL,
      skip_level boolean NOT NULL DEFAULT false,
      region_code text NOT NULL,
      involved_organization text,
      accused_department_code text REFERENCES intake.department(code),
      summary text NOT NULL,
      demands text NOT NULL,
      status text NOT NULL,
      received_at timestamptz NOT NULL,
      registered_at timestamptz NOT NULL,
      registered_by text NOT NULL,
      registering_department text,
      routing_due_on date NOT NULL,
      routing_due_rule text NOT NULL,
      repeat_of uuid REFERENCES intake.petition(id),
      decline_reason_code text,
      decline_reason text,
      legal_channel text,
      decided_at timestamptz,
      version int NOT NULL DEFAULT 1
    )`);
    await q.query(`CREATE INDEX petition_region_registered ON intake.petition (region_code text_pattern_ops, registered_at DESC, id DESC)`);
    await q.query(`CREATE INDEX petition_registered ON intake.petition (registered_at DESC, id DESC)`);
    await q.query(`CREATE INDEX petition_org ON intake.petition (involved_organization) WHERE involved_organization IS NOT NULL`);
    // Trigram index for the Chinese near-duplicate candidate search (needs a UTF-8 ctype).
    await q.query(`CREATE INDEX petition_text_trgm ON intake.petition USING gin ((summary || ' ' || demands) gin_trgm_ops)`);
    await q.query(`CREATE TABLE intake.petition_petitioner (
      petition_id uuid NOT NULL REFERENCES intake.petition(id),
      petitioner_id uuid NOT NULL REFERENCES intake.petitioner(id),
      position int NOT NULL,
      is_representative boolean NOT NULL DEFAULT false,
      PRIMARY KEY (petition_id, petitioner_id)
    )`);
    await q.query(`CREATE INDEX petition_petitioner_by_petitioner ON intake.petition_petitioner (petitioner_id)`);
    // Every hand-over is a routing row (first-contact responsibility: who held it, and when).
    await q.query(`CREATE TABLE intake.routing (
      id uuid PRIMARY KEY,
      petition_id uuid NOT NULL REFERENCES intake.petition(id),
      mode text NOT NULL,
      department_code text NOT NULL REFERENCES intake.department(code),
      lead_department_code text REFERENCES intake.department(code),
      cooperating_department_codes text[] NOT NULL DEFAULT '{}',
      result_due_on date,
      note text,
      routed_at timestamptz NOT NULL,
      routed_by text NOT NULL,
      within_deadline boolean NOT NULL,
      returned_at timestamptz,
      return_reason text
    )`);
    await q.query(`CREATE INDEX routing_petition ON intake.routing (petition_id)`);
    await q.query(`CREATE INDEX routing_department ON intake.routing (department_code)`);
    // What the petitioner sees of the handling, learnt from case events.
    await q.query(`CREATE TABLE intake.progress (
      id bigserial PRIMARY KEY,
      petition_id uuid NOT NULL REFERENCES intake.petition(id),
      event_id uuid NOT NULL UNIQUE,
      kind text NOT NULL,
      at timestamptz NOT NULL,
      due_on date,
      outcome text
    )`);
    await q.query(`CREATE INDEX progress_petition ON intake.progress (petition_id, at)`);
    for (const sql of eventTablesUp('intake')) await q.query(sql);
    for (const c of DEFAULT_CATEGORIES) {
      await q.query(`INSERT INTO intake.category (code, name, parent_code) VALUES ($1, $2, $3)`, [c.code, c.name, c.parentCode ?? null]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of eventTablesDown('intake')) await q.query(sql);
    for (const t of ['progress', 'routing', 'petition_petitioner', 'petition', 'petitioner', 'department', 'category']) {
      await q.query(`DROP TABLE intake.${t}`);
    }
  }
}
