import 'reflect-metadata';

import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';

import { authChecker } from '@petition/auth';
import { createDeadLetterResolver } from '@petition/service-kit';
import { buildSubgraph, resolveStubReference } from '@petition/subgraph';

import { Petition } from './case/case.model';
import { resolveCaseReference } from './case/case.reference';
import { CaseResolver } from './case/case.resolver';
import { PetitionCaseResolver } from './case/petition-case.resolver';

export const CaseDeadLetterResolver = createDeadLetterResolver('case');

export function buildCaseSchema(container?: ContainerType): Promise<GraphQLSchema> {
  return buildSubgraph({
    resolvers: [CaseResolver, PetitionCaseResolver, CaseDeadLetterResolver],
    // The Petition stub extends intake's entity; listing it keeps it even if no field reaches it.
    orphanedTypes: [Petition],
    container,
    authChecker,
    validate: { forbidUnknownValues: false },
    referenceResolvers: {
      Case: { __resolveReference: resolveCaseReference },
      Petition: { __resolveReference: resolveStubReference },
    },
  });
}
