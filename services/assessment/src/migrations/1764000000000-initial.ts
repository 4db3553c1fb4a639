import type { MigrationInterface, QueryRunner } from 'typeorm';

import { eventTablesDown, eventTablesUp } from '@petition/events';

import { TOWNSHIP_RULES_V1 } from '../scoring/rules';
import { READ_MODEL_TABLES, readModelTablesUp } from './read-model-tables';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of readModelTablesUp('assessment')) await q.query(sql);
    // Scoring rule sets are versioned: a published ranking names the version it used.
    await q.query(`CREATE TABLE assessment.rule_set (
      code text NOT NULL,
      version int NOT NULL,
      name text NOT NULL,
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      PRIMARY KEY (code, version)
    )`);
    await q.query(
      `INSERT INTO assessment.rule_set (code, version, name, definition, created_by) VALUES ('TOWNSHIP', 1, $1, $2, 'built-in')`,
      ['乡镇（街道）信访工作考核（内置示例）', JSON.stringify(TOWNSHIP_RULES_V1)],
    );
    await q.query(`CREATE TABLE assessment.bulletin (
      id uuid PRIMARY KEY,
      region_prefix text NOT NULL,
      period_from date NOT NULL,
      period_to date NOT NULL,
      title text NOT NULL,
      data jsonb NOT NULL,
      html text NOT NULL,
      pdf bytea,
      published_at timestamptz NOT NULL,
      published_by text NOT NULL
    )`);
    for (const sql of eventTablesUp('assessment')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of eventTablesDown('assessment')) await q.query(sql);
    for (const t of ['bulletin', 'rule_set', ...READ_MODEL_TABLES]) await q.query(`DROP TABLE IF EXISTS assessment.${t}`);
  }
}
