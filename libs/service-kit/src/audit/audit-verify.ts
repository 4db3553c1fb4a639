import { Client } from 'pg';

import { quoteIdent } from '@petition/events';

import type { ChainState } from './audit-chain';
import { describeChain, emptyChain, foldChain } from './audit-chain';

/** Anything that runs a query and returns its rows (a pg Client wrapped, a DataSource). */
export type RunQuery = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export function clientQuery(client: Client): RunQuery {
  return async (sql, params) => (await client.query(sql, params)).rows;
}

/** Every schema of the database that holds an audit_log table. */
export async function auditSchemas(query: RunQuery): Promise<string[]> {
  const rows = await query(
    `SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = 'audit_log' AND c.relkind IN ('r', 'p') ORDER BY n.nspname`,
  );
  return rows.map((r) => r.schema as string);
}

/** Reads one schema's chain in seq order, a batch at a time, and recomputes every link outside the database. */
export async function verifyAuditChain(query: RunQuery, schema: string, batchSize = 5000): Promise<ChainState> {
  const table = `${quoteIdent(schema)}.audit_log`;
  let state = emptyChain();
  let after = '-1';
  for (;;) {
    const rows = await query(
      // a.seq, not the text alias: ORDER BY seq would sort '10' before '9'.
      `SELECT a.seq::text AS seq, a.body::text AS body, a.prev_hash, a.hash FROM ${table} a WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`,
      [after, batchSize],
    );
    state = foldChain(
      state,
      rows.map((r) => ({ seq: r.seq as string, body: r.body as string, prevHash: r.prev_hash as string, hash: r.hash as string })),
    );
    if (rows.length < batchSize) return state;
    after = rows[rows.length - 1].seq as string;
  }
}

export interface AuditVerifyArgs {
  databaseUrl: string;
  schemas: string[];
}

export function parseAuditVerifyArgs(argv: string[], env: Record<string, string | undefined> = process.env): AuditVerifyArgs {
  let databaseUrl = env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/petition';
  const schemas: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--database-url') databaseUrl = value();
    else if (flag === '--schema') schemas.push(...value().split(',').filter(Boolean));
    else throw new Error(`unknown argument ${argv[i]} (expected --database-url URL, --schema NAME)`);
  }
  return { databaseUrl, schemas };
}

/**
 * `npm run audit:verify`: prints, per schema, the number of rows, the head hash and either `ok` or
 * the first broken link. Returns the exit code: 1 when any chain is broken (or no chain was found).
 */
export async function runAuditVerify(args: AuditVerifyArgs, print: (line: string) => void): Promise<number> {
  const client = new Client({ connectionString: args.databaseUrl });
  await client.connect();
  try {
    const query = clientQuery(client);
    const found = await auditSchemas(query);
    const schemas = args.schemas.length ? args.schemas : found;
    if (!schemas.length) {
      print('no audit_log table in this database');
      return 1;
    }
    let status = 0;
    for (const schema of schemas) {
      if (!found.includes(schema)) {
        print(`${schema}: no audit_log table`);
        status = 1;
        continue;
      }
      const state = await verifyAuditChain(query, schema);
      print(describeChain(schema, state));
      if (state.broken) status = 1;
    }
    return status;
  } finally {
    await client.end();
  }
}
