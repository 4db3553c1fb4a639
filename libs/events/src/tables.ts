// DDL for the outbox, inbox and dead-letter tables, run by each service's first migration in its
// own schema. Kept here so every service has the same shape and the relay/consumer can rely on it.
export function eventTablesUp(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE TABLE ${s}.outbox (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL,
      type text NOT NULL,
      aggregate_id text NOT NULL,
      envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      publish_attempts int NOT NULL DEFAULT 0,
      last_error text
    )`,
    // The relay selects "not yet published" in commit-independent order; this index stays tiny.
    `CREATE INDEX outbox_unpublished ON ${s}.outbox (seq) WHERE published_at IS NULL`,
    `CREATE FUNCTION ${s}.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('${schema}_outbox', ''); RETURN NULL; END $$`,
    `CREATE TRIGGER outbox_notify AFTER INSERT ON ${s}.outbox FOR EACH STATEMENT EXECUTE FUNCTION ${s}.outbox_notify()`,
    `CREATE TABLE ${s}.inbox (
      event_id uuid PRIMARY KEY,
      type text NOT NULL,
      source text NOT NULL,
      aggregate_id text NOT NULL,
      aggregate_version int NOT NULL,
      handled_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE ${s}.inbox_position (
      source text NOT NULL,
      aggregate_id text NOT NULL,
      version int NOT NULL,
      PRIMARY KEY (source, aggregate_id)
    )`,
    `CREATE TABLE ${s}.dead_letter (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      event_id uuid,
      subject text NOT NULL,
      type text,
      raw text NOT NULL,
      error text NOT NULL,
      deliveries int NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      replayed_at timestamptz
    )`,
  ];
}

export function eventTablesDown(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `DROP TABLE ${s}.dead_letter`,
    `DROP TABLE ${s}.inbox_position`,
    `DROP TABLE ${s}.inbox`,
    `DROP TRIGGER outbox_notify ON ${s}.outbox`,
    `DROP FUNCTION ${s}.outbox_notify()`,
    `DROP TABLE ${s}.outbox`,
  ];
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}
