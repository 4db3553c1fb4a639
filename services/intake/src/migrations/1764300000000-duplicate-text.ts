import type { MigrationInterface, QueryRunner } from 'typeorm';

// The duplicate check's text index (docs/performance.md, "Duplicate check"): each petition's
// bigram keys in an int4[] with a GIN index (with its city), and how many petitions hold each key (bigram_df), so
// the check can look a text up by its rarest bigrams and weigh them. Replaces the trigram index,
// whose `%` search over a million petitions took far too long and matched every petition of the
// same kind. Existing rows are filled in batches.
export class DuplicateText1764300000000 implements MigrationInterface {
  name = 'DuplicateText1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.petition ADD COLUMN text_bigrams int4[] NOT NULL DEFAULT '{}'`);
    // The backfill that stood here is gone with the bigram rule: MatterKeys1764400000000 drops this
    // column and fills the matter keys instead.
    // City first (btree_gin): a check looks in one city, and the index intersects the city's petitions
    // with the rare bigrams' without reading a row of another city.
    await q.query(`CREATE INDEX petition_text_bigrams ON intake.petition USING gin (left(region_code, 4), text_bigrams)`);
    await q.query(`CREATE TABLE intake.bigram_df (bigram int4 PRIMARY KEY, n int4 NOT NULL CHECK (n >= 0))`);
    await q.query(`DROP INDEX IF EXISTS intake.petition_text_trgm`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX petition_text_trgm ON intake.petition USING gin ((summary || ' ' || demands) gin_trgm_ops)`);
    await q.query(`DROP TABLE intake.bigram_df`);
    await q.query(`DROP INDEX intake.petition_text_bigrams`);
    await q.query(`ALTER TABLE intake.petition DROP COLUMN text_bigrams`);
  }
}
