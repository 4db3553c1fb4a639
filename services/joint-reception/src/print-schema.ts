import 'reflect-metadata';

import { join } from 'path';

import { writeSubgraphSdl } from '@petition/subgraph';

import { buildReceptionSchema } from './schema';

// Build step: the subgraph SDL that the gateway composes (schema.graphql, checked in).
void writeSubgraphSdl(() => buildReceptionSchema(), join(__dirname, '..', 'schema.graphql'));
