import 'reflect-metadata';

import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';

import { authChecker } from '@petition/auth';
import { createDeadLetterResolver } from '@petition/service-kit';
import { buildSubgraph, resolveStubReference } from '@petition/subgraph';

import { Petition } from './hotspot/hotspot.model';
import { resolveHotspotReference } from './hotspot/hotspot.reference';
import { HotspotResolver } from './hotspot/hotspot.resolver';
import { PetitionHotspotResolver } from './hotspot/petition-hotspot.resolver';
import { RebuildResolver } from './hotspot/rebuild.resolver';
import { ScreeningResolver } from './screening/screening.resolver';

export const HotspotDeadLetterResolver = createDeadLetterResolver('hotspot');

export function buildHotspotSchema(container?: ContainerType): Promise<GraphQLSchema> {
  return buildSubgraph({
    resolvers: [HotspotResolver, PetitionHotspotResolver, ScreeningResolver, RebuildResolver, HotspotDeadLetterResolver],
    orphanedTypes: [Petition],
    container,
    authChecker,
    validate: { forbidUnknownValues: false },
    referenceResolvers: {
      Hotspot: { __resolveReference: resolveHotspotReference },
      Petition: { __resolveReference: resolveStubReference },
    },
  });
}
