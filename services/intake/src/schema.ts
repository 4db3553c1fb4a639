import 'reflect-metadata';

import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';

import { authChecker } from '@petition/auth';
import { createDeadLetterResolver } from '@petition/service-kit';
import { buildSubgraph } from '@petition/subgraph';

import { PetitionResolver } from './petition/petition.resolver';
import { resolvePetitionReference } from './petition/petition.reference';
import { ReferenceResolver } from './reference/reference.resolver';

export const IntakeDeadLetterResolver = createDeadLetterResolver('intake');
export const INTAKE_RESOLVERS = [PetitionResolver, ReferenceResolver, IntakeDeadLetterResolver] as const;

export function buildIntakeSchema(container?: ContainerType): Promise<GraphQLSchema> {
  return buildSubgraph({
    resolvers: INTAKE_RESOLVERS,
    container,
    authChecker,
    validate: { forbidUnknownValues: false },
    referenceResolvers: { Petition: { __resolveReference: resolvePetitionReference } },
  });
}
