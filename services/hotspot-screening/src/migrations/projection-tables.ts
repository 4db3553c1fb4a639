import { quoteIdent } from '@petition/events';

/**
 * The projection: everything here is derived from intake and case events, so it can be rebuilt
 * into another schema and compared (see rebuild.ts). Human decisions on alerts and the screening
 * records are not projections and live in other tables. The tables as the initial migration made
 * them; later migrations change them (`matterTermsUp`), and `projectionSchemaUp` is every step.
 */
export function projectionTablesUp(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE TABLE ${s}.hotspot (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      region_code text NOT NULL,
      city_code text NOT NULL,
      township_code text,
      category_code text NOT NULL,
      involved_organization text,
      first_at timestamptz NOT NULL,
      last_at timestamptz NOT NULL,
      petitions int NOT NULL DEFAULT 0,
      headcount int NOT NULL DEFAULT 0,
      collective_visits int NOT NULL DEFAULT 0,
      skip_level_visits int NOT NULL DEFAULT 0,
      repeat_petitions int NOT NULL DEFAULT 0,
      highest_rank int NOT NULL DEFAULT 0
    )`,
    `CREATE INDEX hotspot_last_idx ON ${s}.hotspot (last_at DESC, id DESC) WHERE petitions >= 2`,
    // One row per petition: the facts the rules need, never a person.
    `CREATE TABLE ${s}.member (
      petition_id uuid PRIMARY KEY,
      hotspot_id uuid NOT NULL REFERENCES ${s}.hotspot (id),
      joined_by text NOT NULL,
      similarity real,
      registered_at timestamptz NOT NULL,
      region_code text NOT NULL,
      city_code text NOT NULL,
      township_code text,
      category_code text NOT NULL,
      organization_key text,
      visit_kind text NOT NULL,
      headcount int NOT NULL,
      level text NOT NULL,
      skip_level boolean NOT NULL,
      bigrams bigint[],
      repeat_of uuid
    )`,
    `CREATE INDEX member_hotspot_idx ON ${s}.member (hotspot_id, registered_at)`,
    `CREATE INDEX member_org_idx ON ${s}.member (organization_key, city_code, registered_at DESC) WHERE organization_key IS NOT NULL`,
    `CREATE INDEX member_place_idx ON ${s}.member (township_code, category_code, registered_at DESC) WHERE township_code IS NOT NULL`,
    // LSH band keys of signed petitions, for the text rule's candidates: one btree range per key and window.
    `CREATE TABLE ${s}.band (
      key bigint NOT NULL,
      registered_at timestamptz NOT NULL,
      petition_id uuid NOT NULL,
      PRIMARY KEY (key, registered_at, petition_id)
    )`,
    `CREATE INDEX member_region_idx ON ${s}.member (region_code text_pattern_ops)`,
    // How many signed petitions each keyed bigram appeared in (id -1: the number of signed
    // petitions): rare bigrams (names of estates, companies, places) weigh more in the text rule.
    `CREATE TABLE ${s}.bigram_df (id bigint PRIMARY KEY, n int NOT NULL)`,
    // The surge detector's state per (region, category) cell.
    `CREATE TABLE ${s}.cell (
      region_code text NOT NULL,
      category_code text NOT NULL,
      ewma double precision NOT NULL,
      day date NOT NULL,
      count int NOT NULL,
      days int NOT NULL,
      PRIMARY KEY (region_code, category_code)
    )`,
    // What the case service and intake said about each petition's outcome.
    `CREATE TABLE ${s}.case_state (
      case_id uuid PRIMARY KEY,
      petition_id uuid NOT NULL,
      state text NOT NULL,
      changed_at timestamptz NOT NULL
    )`,
    `CREATE INDEX case_state_petition_idx ON ${s}.case_state (petition_id)`,
    `CREATE TABLE ${s}.declined (petition_id uuid PRIMARY KEY, decided_at timestamptz NOT NULL)`,
    `CREATE TABLE ${s}.alert (
      id uuid PRIMARY KEY,
      hotspot_id uuid NOT NULL REFERENCES ${s}.hotspot (id),
      rule text NOT NULL,
      description text NOT NULL,
      trigger_petition_id uuid,
      raised_at timestamptz NOT NULL,
      petitions int NOT NULL,
      headcount int NOT NULL,
      collective_visits int NOT NULL,
      highest_rank int NOT NULL,
      cases_closed_at timestamptz
    )`,
    `CREATE INDEX alert_hotspot_idx ON ${s}.alert (hotspot_id, raised_at DESC)`,
    `CREATE INDEX alert_raised_idx ON ${s}.alert (raised_at DESC, id DESC)`,
  ];
}

/** The projection tables the initial migration made (its `down` drops them). */
export const INITIAL_PROJECTION_TABLES = ['alert', 'declined', 'case_state', 'cell', 'bigram_df', 'band', 'member', 'hotspot'] as const;

/**
 * The text rule on matter keys (issue 15): the MinHash bigrams, their counts and the LSH band table
 * go. Each member keeps its matter keys, found by a GIN index led by the city (needs btree_gin);
 * the df table (renamed `term_df`) counts the petitions holding each term base (row -1: the
 * petitions with keys). Bigram counts mean nothing to the matcher: they are dropped. A postings
 * table (key, city, time, petition) was measured against the index at 100,000 petitions over a
 * year: 799 MB against 62 MB, lookups p99 1.6 against 2.1 ms (docs/performance.md#hotspots).
 */
export function matterTermsUp(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `DROP TABLE ${s}.band`,
    `ALTER TABLE ${s}.member DROP COLUMN bigrams`,
    `ALTER TABLE ${s}.member ADD COLUMN matter_keys int4[]`,
    // No pending list: a lookup follows every insert, and a pending list is read by every lookup.
    `CREATE INDEX member_matter_keys_idx ON ${s}.member USING gin (city_code, matter_keys) WITH (fastupdate = off)
      WHERE matter_keys IS NOT NULL`,
    `TRUNCATE ${s}.bigram_df`,
    `ALTER TABLE ${s}.bigram_df RENAME TO term_df`,
    `ALTER INDEX ${s}.bigram_df_pkey RENAME TO term_df_pkey`,
    `ALTER TABLE ${s}.term_df RENAME COLUMN id TO key`,
    `ALTER TABLE ${s}.term_df ALTER COLUMN key TYPE int4`,
  ];
}

/** Back to the bigram tables, empty (their signatures are no longer sent). */
export function matterTermsDown(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `TRUNCATE ${s}.term_df`,
    `ALTER TABLE ${s}.term_df ALTER COLUMN key TYPE bigint`,
    `ALTER TABLE ${s}.term_df RENAME COLUMN key TO id`,
    `ALTER INDEX ${s}.term_df_pkey RENAME TO bigram_df_pkey`,
    `ALTER TABLE ${s}.term_df RENAME TO bigram_df`,
    `ALTER TABLE ${s}.member DROP COLUMN matter_keys`,
    `ALTER TABLE ${s}.member ADD COLUMN bigrams bigint[]`,
    `CREATE TABLE ${s}.band (
      key bigint NOT NULL,
      registered_at timestamptz NOT NULL,
      petition_id uuid NOT NULL,
      PRIMARY KEY (key, registered_at, petition_id)
    )`,
  ];
}

/** The projection as the migrations leave it today (the rebuild makes its scratch schema with it). */
export function projectionSchemaUp(schema: string): string[] {
  return [...projectionTablesUp(schema), ...matterTermsUp(schema)];
}

/** Today's projection tables, children first. */
export const PROJECTION_TABLES = ['alert', 'declined', 'case_state', 'cell', 'term_df', 'member', 'hotspot'] as const;
