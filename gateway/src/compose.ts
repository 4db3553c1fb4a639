import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

import type { SubgraphName } from './subgraphs';
import { SUBGRAPHS } from './subgraphs';

/** Subgraph SDLs → the static supergraph. Throws with every composition error listed. */
export function composeSupergraph(sdls: Record<SubgraphName, string>): string {
  const result = composeServices(SUBGRAPHS.map((s) => ({ name: s.name, url: s.defaultUrl, typeDefs: parse(sdls[s.name]) })));
  if (result.errors?.length) {
    throw new Error(`supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl!;
}
