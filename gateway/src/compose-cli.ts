// Build step: compose gateway/supergraph.graphql from the subgraphs' SDL; a composition error fails the build.
import { writeFileSync } from 'fs';
import { join } from 'path';

import { composeSupergraph } from './compose';
import { readSubgraphSdl, REPO_ROOT, type SubgraphName, SUBGRAPHS } from './subgraphs';

try {
  const supergraph = composeSupergraph(
    Object.fromEntries(SUBGRAPHS.map((s) => [s.name, readSubgraphSdl(s.name)])) as Record<SubgraphName, string>,
  );
  writeFileSync(join(REPO_ROOT, 'gateway', 'supergraph.graphql'), supergraph);
  console.log('supergraph composed: gateway/supergraph.graphql');
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
