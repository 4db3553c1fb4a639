import 'reflect-metadata';

import { join } from 'path';

import { writeSubgraphSdl } from '@petition/subgraph';

import { buildAssessmentSchema } from './schema';

// Build step: the subgraph SDL that the gateway composes (schema.graphql, checked in).
void writeSubgraphSdl(() => buildAssessmentSchema(), join(__dirname, '..', 'schema.graphql'));
