import { parse } from 'graphql';

import { documentHasNul, nulPath } from './nul-guard';

describe('the U+0000 guard', () => {
  it('names the first variable path holding U+0000, at any depth', () => {
    expect(nulPath({ input: { summary: 'ok', petitioners: [{ name: 'a' }, { name: 'b\u0000' }] } })).toBe('input.petitioners.1.name');
    expect(nulPath({ v: ["x'\u0000"] })).toBe('v.0');
    expect(nulPath({ input: { summary: '正常文本', n: 3, flag: true, none: null } })).toBeNull();
  });

  it('finds U+0000 in a string literal of the operation, and nowhere else', () => {
    expect(documentHasNul(parse('{ petitions(filter: { categoryCode: "a\\u0000" }) { totalCount } }'))).toBe(true);
    expect(documentHasNul(parse('{ petitions(filter: { categoryCode: "a\\\\u0000" }) { totalCount } }'))).toBe(false);
  });
});
