import type { Caller } from '@petition/auth';
import { quoteIdent } from '@petition/events';

/**
 * One audit record. `target` holds identifiers and codes only, never a name, an ID number, a
 * phone, an address or free text; `detail` holds what a kind of record adds (a reveal's reason).
 */
export interface AuditBody {
  /** `mutation`: a GraphQL mutation a subgraph executed (or refused); `pii-read`: personal data read unmasked. */
  kind: 'mutation' | 'pii-read';
  actor: { subject: string; department: string | null; roles: string[]; jurisdiction: string };
  /** The root field name(s) of the mutation, comma-separated. */
  action: string;
  target: Record<string, unknown>;
  /** `OK` or the first error's code. */
  outcome: string;
  requestId: string | null;
  detail?: Record<string, unknown>;
  /** When the service wrote it (ISO 8601). */
  at: string;
}

export function auditActor(caller: Caller): AuditBody['actor'] {
  return { subject: caller.subject, department: caller.department, roles: [...caller.roles], jurisdiction: caller.jurisdiction };
}

/** Something that runs SQL: a DataSource (its own transaction) or a transaction's EntityManager (that transaction). */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/**
 * Appends a record to `<schema>.audit_log`; the trigger numbers and chains it. Run it on a
 * transaction's manager to make the record commit (or roll back) with the work it records.
 * Returns the record's seq (bigint, as text).
 */
export async function appendAudit(runner: SqlRunner, schema: string, body: AuditBody): Promise<string> {
  const rows: Array<{ seq: string }> = await runner.query(
    `INSERT INTO ${quoteIdent(schema)}.audit_log (body) VALUES ($1::jsonb) RETURNING seq::text AS seq`,
    // jsonb cannot hold U+0000: a NUL smuggled into an id must not make the record fail to write.
    [JSON.stringify(body, (_key, value: unknown) => (typeof value === 'string' ? value.replace(/\u0000/g, '\ufffd') : value))],
  );
  return rows[0].seq;
}
