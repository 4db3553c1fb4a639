import type { AuditBody } from './audit-log';
import { AuditWriter } from './audit-log';

const body = (action: string): AuditBody => ({
  kind: 'mutation',
  actor: { subject: 's', department: null, roles: [], jurisdiction: '33' },
  action,
  target: {},
  outcome: 'OK',
  requestId: null,
  at: '2026-01-01T00:00:00.000Z',
});

/** Records each statement's bodies; a statement holding `bad` fails, like a constraint violation. */
function recorder(delayMs = 5) {
  const statements: string[][] = [];
  return {
    statements,
    async query(_sql: string, params?: unknown[]) {
      const bodies = (params![0] as string[]).map((j) => (JSON.parse(j) as AuditBody).action);
      await new Promise((r) => setTimeout(r, delayMs));
      if (bodies.includes('bad')) throw new Error('rejected');
      statements.push(bodies);
      return [];
    },
  };
}

describe('AuditWriter (group commit of audit records)', () => {
  it('writes a lone record at once, and records arriving meanwhile together in the next statement, in order', async () => {
    const db = recorder();
    const writer = new AuditWriter(db, 'intake');
    const first = writer.append(body('a'));
    await new Promise((r) => setTimeout(r, 1));
    await Promise.all([first, writer.append(body('b')), writer.append(body('c')), writer.append(body('d'))]);
    expect(db.statements).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('caps a statement at maxBatch records', async () => {
    const db = recorder();
    const writer = new AuditWriter(db, 'intake', 2);
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((x) => writer.append(body(x))));
    expect(db.statements).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('when a batch fails, writes its records one by one: only the bad one is refused', async () => {
    const db = recorder();
    const writer = new AuditWriter(db, 'intake');
    const first = writer.append(body('a'));
    const rest = ['b', 'bad', 'c'].map((x) =>
      writer.append(body(x)).then(
        () => 'ok',
        () => 'refused',
      ),
    );
    await first;
    expect(await Promise.all(rest)).toEqual(['ok', 'refused', 'ok']);
    expect(db.statements).toEqual([['a'], ['b'], ['c']]);
  });

  it('replaces U+0000, which jsonb cannot hold', async () => {
    const seen: string[] = [];
    const writer = new AuditWriter({ query: async (_s: string, p?: unknown[]) => seen.push(...(p![0] as string[])) }, 'intake');
    await writer.append({ ...body('a'), target: { id: 'x\u0000y' } });
    expect(seen[0]).toContain('x\ufffdy');
    expect(seen[0]).not.toContain('\\u0000');
  });
});
