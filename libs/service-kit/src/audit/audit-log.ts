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

const auditJson = (body: AuditBody) =>
  JSON.stringify(body, (_key, value: unknown) => (typeof value === 'string' ? value.replace(/\u0000/g, '\ufffd') : value));

/**
 * Appends a record to `<schema>.audit_log`; the trigger numbers and chains it. Run it on a
 * transaction's manager to make the record commit (or roll back) with the work it records.
 * Returns the record's seq (bigint, as text).
 */
export async function appendAudit(runner: SqlRunner, schema: string, body: AuditBody): Promise<string> {
  const rows: Array<{ seq: string }> = await runner.query(
    `INSERT INTO ${quoteIdent(schema)}.audit_log (body) VALUES ($1::jsonb) RETURNING seq::text AS seq`,
    // jsonb cannot hold U+0000: a NUL smuggled into an id must not make the record fail to write.
    [auditJson(body)],
  );
  return rows[0].seq;
}

/**
 * Group commit for the records of committed mutations: the chain's trigger serialises every insert
 * of a schema on one advisory lock held until commit, so one record a transaction makes concurrent
 * mutations queue on that lock and pay a commit each. A record arriving while a batch is being
 * written waits for the next batch, which takes everything queued: one statement, one lock, one
 * commit for them all, in arrival order. `append` resolves when its record has committed, so a
 * response still leaves after its record. A failed batch is retried one record at a time, so one
 * bad record fails alone.
 */
export class AuditWriter {
  private queue: Array<{ json: string; resolve: () => void; reject: (error: unknown) => void }> = [];
  private writing = false;

  constructor(
    private readonly runner: SqlRunner,
    private readonly schema: string,
    private readonly maxBatch = 200,
  ) {}

  append(body: AuditBody): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ json: auditJson(body), resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.insert(batch.map((r) => r.json));
          for (const r of batch) r.resolve();
        } catch (error) {
          if (batch.length === 1) {
            batch[0].reject(error);
            continue;
          }
          for (const r of batch) await this.insert([r.json]).then(r.resolve, r.reject);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private insert(bodies: string[]): Promise<unknown> {
    return this.runner.query(
      `INSERT INTO ${quoteIdent(this.schema)}.audit_log (body) SELECT b::jsonb FROM unnest($1::text[]) WITH ORDINALITY AS t(b, i) ORDER BY i`,
      [bodies],
    );
  }
}
