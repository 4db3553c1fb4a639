import 'reflect-metadata';

// Build step: writes the subgraph SDL that the gateway composes (schema.graphql, checked in).
import { writeFileSync } from 'fs';
import { join } from 'path';

import { printSubgraphSdl } from '@petition/subgraph';

import { buildCaseSchema } from './schema';

void buildCaseSchema().then((schema) => {
  writeFileSync(join(__dirname, '..', 'schema.graphql'), printSubgraphSdl(schema) + '\n');
});
