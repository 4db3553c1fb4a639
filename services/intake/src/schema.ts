import 'reflect-metadata';

import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';

import { authChecker } from '@petition/auth';
import { createDeadLetterResolver } from '@petition/service-kit';
import { buildSubgraph, CodedError } from '@petition/subgraph';

import { PetitionResolver } from './petition/petition.resolver';
import { resolvePetitionReference } from './petition/petition.reference';
import { PetitionerResolver } from './petitioner/petitioner.resolver';
import type { IntakeContext } from './context';
import { ReferenceResolver } from './reference/reference.resolver';

export const IntakeDeadLetterResolver = createDeadLetterResolver('intake');
export const INTAKE_RESOLVERS = [PetitionResolver, PetitionerResolver, ReferenceResolver, IntakeDeadLetterResolver] as const;

export function buildIntakeSchema(container?: ContainerType): Promise<GraphQLSchema> {
  return buildSubgraph({
    resolvers: INTAKE_RESOLVERS,
    container,
    authChecker,
    validate: { forbidUnknownValues: false },
    referenceResolvers: {
      Petition: { __resolveReference: resolvePetitionReference },
      // Departments are reference data: any signed-in caller may read a unit another service names.
      Department: {
        __resolveReference: (reference: { code: string }, ctx: IntakeContext) => {
          if (ctx.caller.anonymous) throw new CodedError('UNAUTHENTICATED');
          return ctx.loaders.department.load(reference.code);
        },
      },
    },
  });
}
