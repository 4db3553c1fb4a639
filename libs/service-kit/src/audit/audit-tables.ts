import { createHash } from 'crypto';

import { quoteIdent } from '@petition/events';

/** prev_hash of the first record of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The advisory-lock key that serialises one schema's audit chain: a constant derived from the schema's name. */
export function auditLockKey(schema: string): bigint {
  return createHash('sha256').update(`audit_log:${schema}`).digest().readBigInt64BE(0);
}

// DDL of the audit trail, run by one migration in each service's own schema (like the event tables).
// The BEFORE INSERT trigger takes the schema's advisory lock, then numbers the row and links it to the
// last one: hash = sha256(prev_hash || '|' || seq || '|' || body::text), hex. Taking seq after the
// lock makes seq order the chain order. UPDATE, DELETE and TRUNCATE raise; the application role has
// no such privilege either, so only a superuser disabling triggers can rewrite a row, and the
// verifier (audit-verify.ts) then finds the first broken link.
export function auditTableUp(schema: string): string[] {
  const s = quoteIdent(schema);
  const lock = auditLockKey(schema).toString();
  return [
    `CREATE SEQUENCE ${s}.audit_log_seq`,
    `CREATE TABLE ${s}.audit_log (
      seq bigint PRIMARY KEY,
      body jsonb NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL
    )`,
    `ALTER SEQUENCE ${s}.audit_log_seq OWNED BY ${s}.audit_log.seq`,
    // A REPEATABLE READ snapshot taken before the lock could miss the last committed link and fork the chain.
    `CREATE FUNCTION ${s}.audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE last_hash text;
      BEGIN
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'audit_log rows are written in READ COMMITTED transactions only';
        END IF;
        PERFORM pg_advisory_xact_lock(${lock});
        SELECT a.hash INTO last_hash FROM ${s}.audit_log a ORDER BY a.seq DESC LIMIT 1;
        NEW.seq := nextval('${s}.audit_log_seq');
        NEW.prev_hash := coalesce(last_hash, '${GENESIS_HASH}');
        NEW.hash := encode(sha256(convert_to(NEW.prev_hash || '|' || NEW.seq::text || '|' || NEW.body::text, 'UTF8')), 'hex');
        RETURN NEW;
      END $$`,
    `CREATE FUNCTION ${s}.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
      END $$`,
    `CREATE TRIGGER audit_log_chain BEFORE INSERT ON ${s}.audit_log FOR EACH ROW EXECUTE FUNCTION ${s}.audit_log_chain()`,
    `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON ${s}.audit_log FOR EACH ROW EXECUTE FUNCTION ${s}.audit_log_append_only()`,
    `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON ${s}.audit_log FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_log_append_only()`,
  ];
}

export function auditTableDown(schema: string): string[] {
  const s = quoteIdent(schema);
  return [`DROP TABLE ${s}.audit_log`, `DROP FUNCTION ${s}.audit_log_append_only()`, `DROP FUNCTION ${s}.audit_log_chain()`];
}
