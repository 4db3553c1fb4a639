import { readFileSync } from 'fs';
import { join } from 'path';

import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';

import { extractExamples, isExampleList, nameOperations } from '../src/graphiql-examples';
import { REPO_ROOT } from '../src/subgraphs';

// GraphiQL's example tabs come from the ```graphql blocks of docs/api.md (build step
// graphiql-examples-cli): each under its section heading, each a document GraphiQL can run.
describe('extractExamples', () => {
  const markdown = [
    '# API',
    '',
    '```bash',
    '# not a heading: a comment in a shell block',
    'curl http://127.0.0.1:4000/graphql',
    '```',
    '',
    '## 1. Register (CLERK)',
    '',
    '```graphql',
    'mutation Register($input: RegisterPetitionInput!) {',
    '  registerPetition(input: $input) { trackingNumber }',
    '}',
    '```',
    '```json',
    '{ "input": { "summary": "拆迁补偿款至今没有发放" } }',
    '```',
    '',
    '## 2. Lists',
    'Text between the blocks.',
    '```graphql',
    'query { petitions(first: 5) { totalCount } }',
    '',
    'query { cases(first: 5) { totalCount } }',
    'query($id: ID!) { case(id: $id) { id } }',
    '{ petitions(first: 1) { totalCount } }',
    '```',
    'Then:',
    '```json',
    '{ "not": "variables: text came between" }',
    '```',
    '',
    '```GraphQL',
    '  query Named { categories { code } }  ',
    '```',
    '',
    '### 2.1 Unfinished',
    '~~~graphql',
    'query { departments { code name } }',
  ].join('\n');

  it('takes every graphql block with the heading of its section, and variables from a json block right after', () => {
    const examples = extractExamples(markdown);
    expect(examples.map((e) => e.title)).toEqual(['1. Register (CLERK)', '2. Lists', '2. Lists', '2.1 Unfinished']);
    expect(examples[0]).toEqual({
      title: '1. Register (CLERK)',
      query: 'mutation Register($input: RegisterPetitionInput!) {\n  registerPetition(input: $input) { trackingNumber }\n}',
      variables: '{ "input": { "summary": "拆迁补偿款至今没有发放" } }',
    });
    expect(examples[1].variables).toBeUndefined();
    expect(examples[2]).toEqual({ title: '2. Lists', query: 'query Named { categories { code } }' });
    expect(examples[3].query).toBe('query Departments { departments { code name } }');
  });

  it('names anonymous operations after their first field, unique within the block', () => {
    expect(extractExamples(markdown)[1].query).toBe(
      [
        'query Petitions { petitions(first: 5) { totalCount } }',
        '',
        'query Cases { cases(first: 5) { totalCount } }',
        'query Case($id: ID!) { case(id: $id) { id } }',
        'query Petitions2 { petitions(first: 1) { totalCount } }',
      ].join('\n'),
    );
    expect(nameOperations('mutation { a { b } } mutation A { c }')).toBe('mutation A2 { a { b } } mutation A { c }');
    expect(nameOperations('query @cached { a }')).toBe('query A @cached { a }');
    expect(nameOperations('query { broken')).toBe('query { broken');
  });

  it('finds nothing in a text without graphql blocks', () => {
    expect(extractExamples('')).toEqual([]);
    expect(extractExamples('# Title\n\n```js\nconst query = `{ a }`;\n```\n')).toEqual([]);
  });

  it('checks what the gateway reads at runtime', () => {
    expect(isExampleList(extractExamples(markdown))).toBe(true);
    expect(isExampleList([])).toBe(true);
    expect(isExampleList({})).toBe(false);
    expect(isExampleList([{ title: 'x' }])).toBe(false);
    expect(isExampleList([{ title: 'x', query: '{ a }', variables: {} }])).toBe(false);
  });

  describe('docs/api.md', () => {
    const examples = extractExamples(readFileSync(join(REPO_ROOT, 'docs', 'api.md'), 'utf8'));
    // The API schema of the checked-in supergraph (no @inaccessible in it): the examples must run on it.
    const schema = buildSchema(
      readFileSync(join(REPO_ROOT, 'gateway', 'supergraph.graphql'), 'utf8').replace(/^schema[\s\S]*?\n}\n/m, ''),
      {
        assumeValidSDL: true,
      },
    );

    it('has at least 10 examples, each under a section heading', () => {
      expect(examples.length).toBeGreaterThanOrEqual(10);
      expect(examples[0].title).toBe('1. Register a letter (CLERK)');
      for (const example of examples) expect(example.title).not.toBe('Example');
      expect(examples[0].variables && JSON.parse(examples[0].variables)).toHaveProperty('input');
    });

    it.each(examples.map((e, i) => [i + 1, e.title, e] as const))(
      'example %i (%s) parses, names its operations, and fits the schema',
      (_i, _t, e) => {
        const document = parse(e.query);
        const names = document.definitions
          .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
          .map((o) => o.name?.value);
        expect(names.length).toBeGreaterThan(0);
        expect(names.every(Boolean)).toBe(true);
        expect(new Set(names).size).toBe(names.length);
        expect(validate(schema, document).map((error) => error.message)).toEqual([]);
      },
    );
  });
});
