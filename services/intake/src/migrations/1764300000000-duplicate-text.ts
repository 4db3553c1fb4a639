import type { MigrationInterface, QueryRunner } from 'typeorm';

import { bigramKeys } from '@petition/text';

// The duplicate check's text index (docs/performance.md, "Duplicate check"): each petition's
// bigram keys in an int4[] with a GIN index (with its city), and how many petitions hold each key (bigram_df), so
// the check can look a text up by its rarest bigrams and weigh them. Replaces the trigram index,
// whose `%` search over a million petitions took far too long and matched every petition of the
// same kind. Existing rows are filled in batches.
export class DuplicateText1764300000000 implements MigrationInterface {
  name = 'DuplicateText1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.petition ADD COLUMN text_bigrams int4[] NOT NULL DEFAULT '{}'`);
    // In id order, a page at a time (a text of punctuation only keeps its empty array).
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows: Array<{ id: string; summary: string; demands: string }> = await q.query(
        `SELECT id, summary, demands FROM intake.petition WHERE id > $1 ORDER BY id LIMIT 1000`,
        [after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      await q.query(
        `UPDATE intake.petition p SET text_bigrams = k.keys::int4[] FROM unnest($1::uuid[], $2::text[]) AS k(id, keys) WHERE p.id = k.id`,
        [rows.map((r) => r.id), rows.map((r) => `{${bigramKeys(`${r.summary} ${r.demands}`).join(',')}}`)],
      );
    }
    // City first (btree_gin): a check looks in one city, and the index intersects the city's petitions
    // with the rare bigrams' without reading a row of another city.
    await q.query(`CREATE INDEX petition_text_bigrams ON intake.petition USING gin (left(region_code, 4), text_bigrams)`);
    await q.query(`CREATE TABLE intake.bigram_df (bigram int4 PRIMARY KEY, n int4 NOT NULL CHECK (n >= 0))`);
    await q.query(`INSERT INTO intake.bigram_df (bigram, n) SELECT b, count(*) FROM intake.petition, unnest(text_bigrams) b GROUP BY b`);
    await q.query(`DROP INDEX IF EXISTS intake.petition_text_trgm`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX petition_text_trgm ON intake.petition USING gin ((summary || ' ' || demands) gin_trgm_ops)`);
    await q.query(`DROP TABLE intake.bigram_df`);
    await q.query(`DROP INDEX intake.petition_text_bigrams`);
    await q.query(`ALTER TABLE intake.petition DROP COLUMN text_bigrams`);
  }
}
