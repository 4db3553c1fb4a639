// Build step: compose gateway/supergraph.graphql from the subgraphs' SDL; a composition error fails the build.
import { writeFileSync } from 'fs';
import { join } from 'path';

import { composeSupergraph } from './compose';
import { readSubgraphSdl, REPO_ROOT } from './subgraphs';

try {
  const supergraph = composeSupergraph({ intake: readSubgraphSdl('intake'), case: readSubgraphSdl('case') });
  writeFileSync(join(REPO_ROOT, 'gateway', 'supergraph.graphql'), supergraph);
  console.log('supergraph composed: gateway/supergraph.graphql');
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
