import { buildSchema, getIntrospectionQuery, parse } from 'graphql';

import { DEFAULT_REQUEST_LIMITS, limitViolation, measureOperation, type OperationMeasure } from './request-limits';

// The shapes the platform's schema has: Relay connections with `first`, plain lists with `first`
// or `limit`, a filter input carrying `limit`, and `_entities`.
const schema = buildSchema(`
  type Query {
    petitions(first: Int, after: String): PetitionConnection!
    petition(id: ID!): Petition
    hotspots(first: Int): HotspotConnection!
    alerts(filter: AlertFilter): [Alert!]!
    deadLetters(limit: Int): [DeadLetter!]!
    categories: [Category!]!
    _entities(representations: [String!]!): [Entity]!
  }
  type Mutation { registerPetition(summary: String!): Petition! }
  union Entity = Petition | Case
  input AlertFilter { regionPrefix: String, limit: Int }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type PetitionConnection { totalCount: Int! pageInfo: PageInfo! edges: [PetitionEdge!]! }
  type PetitionEdge { cursor: String! node: Petition! }
  type Petition { id: ID! summary: String! case: Case cases: [Case!]! petitioners: [Petitioner!]! }
  type Petitioner { name: String! }
  type Case { id: ID! petition: Petition! timeline: [Entry!]! }
  type Entry { kind: String! at: String! }
  type HotspotConnection { edges: [HotspotEdge!]! }
  type HotspotEdge { node: Hotspot! }
  type Hotspot { id: ID! petitions(first: Int): [Member!]! alerts: [Alert!]! }
  type Member { petition: Petition! }
  type Alert { id: ID! rule: String! }
  type DeadLetter { id: ID! subject: String! }
  type Category { code: String! name: String! }
`);

const measure = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  measureOperation(parse(query), { schema, variables, operationName });
const violation = (m: OperationMeasure) => limitViolation(m, DEFAULT_REQUEST_LIMITS);

describe('measureOperation', () => {
  it('depth counts field nesting and follows named and inline fragments', () => {
    expect(measure('{ categories { code } }').depth).toBe(2);
    expect(measure('{ petition(id: "1") { case { petition { case { id } } } } }').depth).toBe(5);
    const withFragments = measure(`
      query { petition(id: "1") { ...P } }
      fragment P on Petition { case { ... on Case { petition { ...Q } } } }
      fragment Q on Petition { cases { timeline { kind } } }
    `);
    expect(withFragments.depth).toBe(6);
  });

  it('counts aliases, a fragment once per use', () => {
    expect(measure('{ a: categories { c: code } b: categories { code } }').aliases).toBe(3);
    const spread = measure(`
      { petition(id: "1") { ...P } again: petition(id: "2") { ...P } }
      fragment P on Petition { x: id y: summary }
    `);
    expect(spread.aliases).toBe(5);
  });

  it('counts root fields through fragments, not __typename', () => {
    expect(
      measure('{ __typename categories { code } ...R ... on Query { deadLetters { id } } } fragment R on Query { alerts { id } }')
        .rootFields,
    ).toBe(3);
  });

  it('cost: each field 1; a connection multiplies by `first` once (edges are not counted again)', () => {
    // petitions 1 + 10 × (totalCount 1 + edges (1 + node (1 + id 1 + summary 1)))
    expect(measure('{ petitions(first: 10) { totalCount edges { node { id summary } } } }').cost).toBe(1 + 10 * (1 + 1 + 1 + 2));
    expect(measure('query($n: Int) { petitions(first: $n) { totalCount } }', { n: 50 }).cost).toBe(1 + 50);
    // Without `first`, the services' default page.
    expect(measure('{ petitions { totalCount } }').cost).toBe(1 + 20);
  });

  it('cost: nested lists multiply (by 10 without a page argument); `limit` on the field or inside an input object counts', () => {
    // hotspots 1 + 50 × (edges 1 + node (1 + petitions 1 + 200 × (petition 1 + cases 1 + 10 × (timeline 1 + 10 × kind 1))))
    const nested = measure(
      '{ hotspots(first: 50) { edges { node { petitions(first: 200) { petition { cases { timeline { kind } } } } } } } }',
    );
    expect(nested.cost).toBe(1 + 50 * (1 + 1 + 1 + 200 * (1 + 1 + 10 * (1 + 10))));
    expect(violation(nested)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', http: { status: 400 } });
    expect(measure('{ deadLetters(limit: 100) { id subject } }').cost).toBe(1 + 100 * 2);
    expect(measure('{ alerts(filter: { limit: 150 }) { id } }').cost).toBe(1 + 150);
    expect(measure('query($f: AlertFilter) { alerts(filter: $f) { id } }', { f: { limit: 120 } }).cost).toBe(1 + 120);
    expect(measure('{ categories { code name } }').cost).toBe(1 + 10 * 2);
    // A page argument left out: the services' default page of 20.
    expect(measure('{ deadLetters { id } }').cost).toBe(1 + 20);
  });

  it('page size: `first` as a literal, a variable, or a variable default; `limit` is left to the service', () => {
    expect(measure('{ petitions(first: 10000) { totalCount } }').largestPage).toEqual({
      field: 'petitions',
      argument: 'first',
      size: 10000,
    });
    expect(measure('query($n: Int) { petitions(first: $n) { totalCount } }', { n: 10000 }).largestPage?.size).toBe(10000);
    expect(measure('query($n: Int = 5000) { petitions(first: $n) { totalCount } }').largestPage?.size).toBe(5000);
    expect(measure('query($n: Int = 5000) { petitions(first: $n) { totalCount } }', { n: 5 }).largestPage?.size).toBe(5);
    expect(measure('{ hotspots(first: 5) { edges { node { petitions(first: 300) { petition { id } } } } } }').largestPage).toEqual({
      field: 'petitions',
      argument: 'first',
      size: 300,
    });
    expect(measure('{ deadLetters(limit: 500) { id } }').largestPage).toBeNull();

    const refused = violation(measure('query($n: Int) { petitions(first: $n) { totalCount } }', { n: 10000 }));
    expect(refused?.message).toMatch(/每页条数超过上限.*\(PAGE_TOO_LARGE\)$/);
    expect(refused?.extensions).toMatchObject({ code: 'PAGE_TOO_LARGE', field: 'first', limit: 200, http: { status: 400 } });
    expect(violation(measure('{ petitions(first: 200) { totalCount } }'))).toBeNull();
  });

  it('measures the selected operation of several', () => {
    const doc = 'query Small { categories { code } } query Deep { petition(id: "1") { case { petition { case { petition { id } } } } } }';
    expect(measure(doc, {}, 'Small').depth).toBe(2);
    expect(measure(doc, {}, 'Deep').depth).toBe(6);
  });

  it('stops at a fragment cycle (which validation refuses anyway) instead of hanging', () => {
    const m = measure(`
      { petition(id: "1") { ...A } }
      fragment A on Petition { case { petition { ...B } } }
      fragment B on Petition { case { petition { ...A } } }
    `);
    expect(m.depth).toBeGreaterThan(1);
    expect(Number.isFinite(m.cost)).toBe(true);
  });

  it('fragments spread twice at every level are measured once each: no exponential walk', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Petition { id }` : `fragment F${i} on Petition { ...F${i + 1} x${i}: id ...F${i + 1} }`,
    );
    const started = Date.now();
    const m = measure(`{ petition(id: "1") { ...F0 } } ${fragments.join(' ')}`);
    expect(Date.now() - started).toBeLessThan(500);
    expect(m.aliases).toBeGreaterThan(1e9); // counted as if expanded: far over any limit
    expect(violation(m)?.extensions?.code).toBe('TOO_MANY_ALIASES');
  });

  it('an alias bomb, a deep query and too many root fields are refused with their codes', () => {
    const bomb = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect(violation(measure(bomb))?.extensions?.code).toBe('TOO_MANY_ALIASES');
    const deep = `{ petition(id: "1") { ${'case { petition { '.repeat(6)}id${' } }'.repeat(6)} } }`;
    expect(measure(deep).depth).toBe(14);
    expect(violation(measure(deep))?.message).toMatch(/查询嵌套层级过深.*\(QUERY_TOO_DEEP\)$/);
    const wide = `{ ${Array.from({ length: 31 }, (_, i) => `f${i}: categories { code }`).join(' ')} }`;
    expect(violation({ ...measure(wide), aliases: 0 })?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 30 });
  });

  it('introspection (GraphiQL’s full query) stays within the defaults: graphql-js bounds it itself', () => {
    const m = measure(getIntrospectionQuery());
    expect(violation(m)).toBeNull();
  });

  it('_entities counts one entity per representation', () => {
    const query = 'query($r: [String!]!) { _entities(representations: $r) { ... on Case { id timeline { kind } } } }';
    expect(measure(query, { r: ['a', 'b', 'c'] }).cost).toBe(1 + 3 * (1 + 1 + 10 * 1));
    expect(measure(query, { r: Array.from({ length: 1000 }, String) }).cost).toBe(1 + 1000 * 12);
  });
});
