import type { MigrationInterface, QueryRunner } from 'typeorm';

import { extractMatter, matterKeys } from '@petition/text';

// The duplicate check reads matters, not bigrams (libs/text/src/matter, issue 15): each petition's
// matter keys (sounds, words, concepts, names and specifics of its text, unkeyed: the text is here
// anyway) in an int4[] with a GIN index led by the city, and how many petitions hold each key
// (matter_df, per term base). Replaces text_bigrams and bigram_df. Existing rows are filled a page at a time.
export class MatterKeys1764400000000 implements MigrationInterface {
  name = 'MatterKeys1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.petition ADD COLUMN matter_keys int4[] NOT NULL DEFAULT '{}'`);
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows: Array<{ id: string; summary: string; demands: string }> = await q.query(
        `SELECT id, summary, demands FROM intake.petition WHERE id > $1 ORDER BY id LIMIT 1000`,
        [after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      await q.query(
        `UPDATE intake.petition p SET matter_keys = k.keys::int4[] FROM unnest($1::uuid[], $2::text[]) AS k(id, keys) WHERE p.id = k.id`,
        [rows.map((r) => r.id), rows.map((r) => `{${matterKeys(extractMatter(`${r.summary} ${r.demands}`)).join(',')}}`)],
      );
    }
    await q.query(`CREATE INDEX petition_matter_keys ON intake.petition USING gin (left(region_code, 4), matter_keys)`);
    await q.query(`CREATE TABLE intake.matter_df (key int4 PRIMARY KEY, n int4 NOT NULL CHECK (n >= 0))`);
    // Counted per term base (libs/text `countedBases`): a petition adds each base once.
    await q.query(
      `INSERT INTO intake.matter_df (key, n) SELECT b, count(*) FROM (SELECT DISTINCT p.id, k & ~7 AS b FROM intake.petition p, unnest(p.matter_keys) k) t GROUP BY b`,
    );
    await q.query(`DROP TABLE intake.bigram_df`);
    await q.query(`DROP INDEX intake.petition_text_bigrams`);
    await q.query(`ALTER TABLE intake.petition DROP COLUMN text_bigrams`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The bigram index is not rebuilt: its rule is gone. Going back leaves the duplicate check without text.
    await q.query(`ALTER TABLE intake.petition ADD COLUMN text_bigrams int4[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX petition_text_bigrams ON intake.petition USING gin (left(region_code, 4), text_bigrams)`);
    await q.query(`CREATE TABLE intake.bigram_df (bigram int4 PRIMARY KEY, n int4 NOT NULL CHECK (n >= 0))`);
    await q.query(`DROP TABLE intake.matter_df`);
    await q.query(`DROP INDEX intake.petition_matter_keys`);
    await q.query(`ALTER TABLE intake.petition DROP COLUMN matter_keys`);
  }
}
