import { createHash } from 'crypto';

import type { AuditChainRow } from './audit-chain';
import { chainHash, describeChain, emptyChain, foldChain } from './audit-chain';
import { auditLockKey, auditTableUp, GENESIS_HASH } from './audit-tables';

/** A chain built the way the trigger builds it (gaps in seq are normal: a rolled-back insert uses a number). */
function chain(bodies: string[], seqs = bodies.map((_, i) => String(i + 1))): AuditChainRow[] {
  let prev = GENESIS_HASH;
  return bodies.map((body, i) => {
    const row = { seq: seqs[i], body, prevHash: prev, hash: chainHash(prev, seqs[i], body) };
    prev = row.hash;
    return row;
  });
}

const BODIES = [
  '{"kind": "mutation", "action": "registerPetition", "outcome": "OK"}',
  '{"kind": "mutation", "action": "routePetition", "outcome": "FORBIDDEN"}',
  '{"kind": "pii-read", "action": "revealPetitioner", "detail": {"reason": "电话回访核实身份"}}',
  '{"kind": "mutation", "action": "acceptCase", "outcome": "OK"}',
];

describe('chainHash', () => {
  it("is sha256 over prev_hash|seq|body (UTF-8), hex: the trigger's formula", () => {
    const body = '{"reason": "核实"}';
    const expected = createHash('sha256')
      .update(Buffer.from(`${GENESIS_HASH}|7|${body}`, 'utf8'))
      .digest('hex');
    expect(chainHash(GENESIS_HASH, '7', body)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('matches the formula in the trigger DDL', () => {
    const ddl = auditTableUp('intake').join('\n');
    expect(ddl).toContain(`encode(sha256(convert_to(NEW.prev_hash || '|' || NEW.seq::text || '|' || NEW.body::text, 'UTF8')), 'hex')`);
    expect(ddl).toContain(`coalesce(last_hash, '${GENESIS_HASH}')`);
    expect(ddl).toContain(`pg_advisory_xact_lock(${auditLockKey('intake')})`);
  });
});

describe('auditLockKey', () => {
  it('is a constant per schema, different between schemas', () => {
    expect(auditLockKey('intake')).toBe(auditLockKey('intake'));
    const keys = new Set(['intake', 'cases', 'hotspot', 'reception', 'assessment'].map(auditLockKey));
    expect(keys.size).toBe(5);
  });
});

describe('foldChain', () => {
  it('accepts an intact chain, with gaps in seq, and reports its head', () => {
    const rows = chain(BODIES, ['1', '2', '5', '6']);
    const state = foldChain(emptyChain(), rows);
    expect(state).toEqual({ rows: 4, headSeq: '6', headHash: rows[3].hash, broken: null });
    expect(describeChain('intake', state)).toBe(`intake: 4 rows, head ${rows[3].hash} (seq 6), ok`);
  });

  it('gives the same answer folded a batch at a time', () => {
    const rows = chain(BODIES);
    const state = foldChain(foldChain(foldChain(emptyChain(), rows.slice(0, 1)), rows.slice(1, 3)), rows.slice(3));
    expect(state).toEqual(foldChain(emptyChain(), rows));
  });

  it('an empty chain is intact, its head the genesis hash', () => {
    expect(describeChain('cases', foldChain(emptyChain(), []))).toBe(`cases: 0 rows, head ${GENESIS_HASH}, ok`);
  });

  it('finds a row edited in place at exactly that seq, and keeps counting', () => {
    const rows = chain(BODIES);
    rows[1] = { ...rows[1], body: rows[1].body.replace('FORBIDDEN', 'OK') };
    const state = foldChain(emptyChain(), rows);
    expect(state.broken).toEqual({ seq: '2', reason: 'hash does not match the row (the row was edited)' });
    expect(state.rows).toBe(4);
    expect(describeChain('intake', state)).toMatch(
      /^intake: 4 rows, head [0-9a-f]{64} \(seq 4\), first broken link at seq 2: hash does not match/,
    );
  });

  it('finds a row edited with its own hash recomputed at the next seq (the link no longer matches)', () => {
    const rows = chain(BODIES);
    const body = rows[1].body.replace('FORBIDDEN', 'OK');
    rows[1] = { ...rows[1], body, hash: chainHash(rows[1].prevHash, rows[1].seq, body) };
    expect(foldChain(emptyChain(), rows).broken).toEqual({
      seq: '3',
      reason: 'prev_hash does not match the hash of seq 2 (a row was deleted or inserted between them)',
    });
  });

  it('finds a deleted row at the next seq', () => {
    const rows = chain(BODIES);
    rows.splice(2, 1);
    expect(foldChain(emptyChain(), rows).broken).toEqual({
      seq: '4',
      reason: 'prev_hash does not match the hash of seq 2 (a row was deleted or inserted between them)',
    });
  });

  it('finds deleted first rows: the first row left does not start from the genesis hash', () => {
    const rows = chain(BODIES).slice(1);
    expect(foldChain(emptyChain(), rows).broken).toEqual({
      seq: '2',
      reason: 'prev_hash is not the genesis hash (rows deleted before it)',
    });
  });

  it('finds a row slipped into a gap of seq at the row after it', () => {
    const rows = chain(BODIES, ['1', '2', '4', '5']);
    const body = '{"forged": true}';
    const forged = { seq: '3', body, prevHash: rows[1].hash, hash: chainHash(rows[1].hash, '3', body) };
    expect(foldChain(emptyChain(), [rows[0], rows[1], forged, rows[2], rows[3]]).broken).toEqual({
      seq: '4',
      reason: 'prev_hash does not match the hash of seq 3 (a row was deleted or inserted between them)',
    });
  });

  it('reports only the first of several breaks', () => {
    const rows = chain(BODIES);
    rows[0] = { ...rows[0], body: '{}' };
    rows[3] = { ...rows[3], body: '{}' };
    expect(foldChain(emptyChain(), rows).broken?.seq).toBe('1');
  });
});
