import { createHash } from 'crypto';

import { GENESIS_HASH } from './audit-tables';

/** One audit_log row as the verifier reads it: `body` is PostgreSQL's text of the jsonb (`body::text`). */
export interface AuditChainRow {
  seq: string;
  body: string;
  prevHash: string;
  hash: string;
}

export interface ChainBreak {
  seq: string;
  reason: string;
}

/** What the rows read so far say: how many, the last one, and the first broken link if any. */
export interface ChainState {
  rows: number;
  headSeq: string | null;
  headHash: string;
  broken: ChainBreak | null;
}

/** The trigger's formula, recomputed outside the database. */
export function chainHash(prevHash: string, seq: string, body: string): string {
  return createHash('sha256').update(`${prevHash}|${seq}|${body}`, 'utf8').digest('hex');
}

export function emptyChain(): ChainState {
  return { rows: 0, headSeq: null, headHash: GENESIS_HASH, broken: null };
}

/**
 * Folds rows (in seq order, a batch at a time) into the chain state. Each row must point at the
 * hash of the row before it (the first at the genesis hash) and hash to what it stores. A row
 * edited in place breaks its own hash; a row deleted or slipped in breaks the next row's link.
 * Counting goes on after the first break; only the first is reported.
 */
export function foldChain(state: ChainState, rows: readonly AuditChainRow[]): ChainState {
  let { rows: count, headSeq, headHash, broken } = state;
  for (const row of rows) {
    if (!broken) {
      const problems: string[] = [];
      if (row.prevHash !== headHash) {
        problems.push(
          headSeq === null
            ? 'prev_hash is not the genesis hash (rows deleted before it)'
            : `prev_hash does not match the hash of seq ${headSeq} (a row was deleted or inserted between them)`,
        );
      }
      if (chainHash(row.prevHash, row.seq, row.body) !== row.hash) problems.push('hash does not match the row (the row was edited)');
      if (problems.length) broken = { seq: row.seq, reason: problems.join('; ') };
    }
    count += 1;
    headSeq = row.seq;
    headHash = row.hash;
  }
  return { rows: count, headSeq, headHash, broken };
}

/** The verifier's line for one schema. */
export function describeChain(schema: string, state: ChainState): string {
  const verdict = state.broken ? `first broken link at seq ${state.broken.seq}: ${state.broken.reason}` : 'ok';
  return `${schema}: ${state.rows} rows, head ${state.headHash}${state.headSeq ? ` (seq ${state.headSeq})` : ''}, ${verdict}`;
}
