import 'reflect-metadata';

import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';

import { authChecker } from '@petition/auth';
import { createDeadLetterResolver } from '@petition/service-kit';
import { buildSubgraph, resolveStubReference } from '@petition/subgraph';

import { Department, Petition } from './reception/model';
import { HallFieldResolver, PetitionReceptionResolver, ReceptionResolver } from './reception/reception.resolver';

export const ReceptionDeadLetterResolver = createDeadLetterResolver('reception');

export function buildReceptionSchema(container?: ContainerType): Promise<GraphQLSchema> {
  return buildSubgraph({
    resolvers: [ReceptionResolver, HallFieldResolver, PetitionReceptionResolver, ReceptionDeadLetterResolver],
    orphanedTypes: [Petition, Department],
    container,
    authChecker,
    validate: { forbidUnknownValues: false },
    referenceResolvers: {
      Petition: { __resolveReference: resolveStubReference },
    },
  });
}
