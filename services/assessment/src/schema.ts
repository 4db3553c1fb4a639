import 'reflect-metadata';

import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';

import { authChecker } from '@petition/auth';
import { createDeadLetterResolver } from '@petition/service-kit';
import { buildSubgraph } from '@petition/subgraph';

import { AssessmentResolver } from './assessment.resolver';

export const AssessmentDeadLetterResolver = createDeadLetterResolver('assessment');

export function buildAssessmentSchema(container?: ContainerType): Promise<GraphQLSchema> {
  return buildSubgraph({
    resolvers: [AssessmentResolver, AssessmentDeadLetterResolver],
    container,
    authChecker,
    validate: { forbidUnknownValues: false },
  });
}
