import { CodedError } from './errors';
import { decodeCursor, encodeCursor, pageSize, toConnection } from './connection';

describe('Relay connections', () => {
  const id = '4a0c1a57-0f0d-4c55-9f3b-2d3c7b1e8a10';

  it('round-trips a keyset cursor and refuses a forged one with BAD_USER_INPUT', () => {
    const key = { at: '2025-09-20T02:00:00.000Z', id };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    for (const bad of [
      'nope',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from(`["2025-09-20T02:00:00.000Z","x'; drop"]`).toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(CodedError);
    }
  });

  it('bounds page sizes to 1..100', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(100)).toBe(100);
    for (const bad of [0, 101, 2.5, -1]) expect(() => pageSize(bad)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('builds edges from size + 1 rows and says whether there is a next page', () => {
    const rows = [0, 1, 2].map((i) => ({ at: `2025-09-2${i}T00:00:00.000Z`, id }));
    const page = toConnection(
      rows,
      2,
      7,
      (r) => r,
      (r) => r.at,
    );
    expect(page.edges.map((e) => e.node)).toEqual([rows[0].at, rows[1].at]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: page.edges[1].cursor });
    expect(page.totalCount).toBe(7);
    expect(
      toConnection(
        [],
        2,
        0,
        (r: { at: string; id: string }) => r,
        (r) => r,
      ).pageInfo,
    ).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('a coded error carries the code in extensions and a Chinese message ending in the code', () => {
    const e = new CodedError('NO_LONGER_ACCEPTED');
    expect(e.extensions.code).toBe('NO_LONGER_ACCEPTED');
    expect(e.message).toBe('该事项已复核终结，不再受理 (NO_LONGER_ACCEPTED)');
    expect(new CodedError('INVALID_ID_NUMBER', '校验位错误', { field: 'petitioners.0.idNumber' }).extensions).toEqual({
      field: 'petitioners.0.idNumber',
      code: 'INVALID_ID_NUMBER',
    });
  });
});
