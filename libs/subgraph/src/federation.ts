import { writeFileSync } from 'fs';

import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import { parse } from 'graphql';
import type { BuildSchemaOptions } from 'type-graphql';
import { buildSchema, createResolversMap } from 'type-graphql';

import { CodedError } from './errors';

// One @link version for every subgraph, so composition sees one federation spec.
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires"])';

type ResolverMap = Record<string, Record<string, unknown>>;

export interface SubgraphOptions extends Omit<BuildSchemaOptions, 'skipCheck'> {
  /** `{ Petition: { __resolveReference } }`: entity reference resolvers, merged into type-graphql's. */
  referenceResolvers?: ResolverMap;
}

/**
 * type-graphql classes → a Federation 2 subgraph schema. Entity stubs that only extend another
 * subgraph's type must be listed in `orphanedTypes`: type-graphql drops unreachable types silently.
 */
export async function buildSubgraph(options: SubgraphOptions): Promise<GraphQLSchema> {
  const { referenceResolvers = {}, ...rest } = options;
  const schema = await buildSchema({ ...rest, skipCheck: true });
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as ResolverMap;
  for (const [typeName, fields] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...fields };
  }
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
}

/** The SDL that composition consumes (the subgraph's `_service { sdl }`). */
export function printSubgraphSdl(schema: GraphQLSchema): string {
  return printSubgraphSchema(schema);
}

/** Build step: writes a subgraph's SDL (checked in, composed by the gateway) to `file`. */
export async function writeSubgraphSdl(build: () => Promise<GraphQLSchema>, file: string): Promise<void> {
  writeFileSync(file, printSubgraphSdl(await build()) + '\n');
}

/**
 * `__resolveReference` for an entity another subgraph owns and this one only extends (e.g. `Petition`
 * in case, hotspot, reception): the id is all it needs. `_entities` is not a public field, so a call
 * without a token is refused like every @Authorized field.
 */
export function resolveStubReference<K extends Record<string, string>>(reference: K, ctx: { caller: { anonymous: boolean } }): K {
  if (ctx.caller.anonymous) throw new CodedError('UNAUTHENTICATED');
  return reference;
}
