import 'reflect-metadata';

import { join } from 'path';

import { writeSubgraphSdl } from '@petition/subgraph';

import { buildHotspotSchema } from './schema';

// Build step: the subgraph SDL that the gateway composes (schema.graphql, checked in).
void writeSubgraphSdl(() => buildHotspotSchema(), join(__dirname, '..', 'schema.graphql'));
