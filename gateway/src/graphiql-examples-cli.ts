// Build step: the ```graphql blocks of docs/api.md become the example tabs of GraphiQL
// (gateway/dist/graphiql-examples.json, read by the gateway at startup). A block that is not valid
// GraphQL is reported but does not fail the build (gateway/test/graphiql-examples.spec.ts does).
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';

import { parse } from 'graphql';

import { extractExamples } from './graphiql-examples';
import { REPO_ROOT } from './subgraphs';

const source = join(REPO_ROOT, 'docs', 'api.md');
const target = join(REPO_ROOT, 'gateway', 'dist', 'graphiql-examples.json');

try {
  const examples = extractExamples(readFileSync(source, 'utf8'));
  for (const example of examples) {
    try {
      parse(example.query);
    } catch (error) {
      console.error(`warning: an example under "${example.title}" in docs/api.md is not valid GraphQL: ${(error as Error).message}`);
    }
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(examples, null, 2)}\n`);
  console.log(`graphiql examples: ${examples.length} from docs/api.md in ${relative(REPO_ROOT, target)}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
