import { readFileSync } from 'fs';
import { join } from 'path';

// The subgraphs the gateway composes. SDL comes from each service's build (schema.graphql).
export const SUBGRAPHS = [
  { name: 'intake', envVar: 'INTAKE_URL', defaultUrl: 'http://127.0.0.1:4001/graphql', sdlPath: 'services/intake/schema.graphql' },
  { name: 'case', envVar: 'CASE_URL', defaultUrl: 'http://127.0.0.1:4002/graphql', sdlPath: 'services/case/schema.graphql' },
  {
    name: 'hotspot',
    envVar: 'HOTSPOT_URL',
    defaultUrl: 'http://127.0.0.1:4003/graphql',
    sdlPath: 'services/hotspot-screening/schema.graphql',
  },
  {
    name: 'reception',
    envVar: 'RECEPTION_URL',
    defaultUrl: 'http://127.0.0.1:4004/graphql',
    sdlPath: 'services/joint-reception/schema.graphql',
  },
  {
    name: 'assessment',
    envVar: 'ASSESSMENT_URL',
    defaultUrl: 'http://127.0.0.1:4005/graphql',
    sdlPath: 'services/assessment/schema.graphql',
  },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

export const REPO_ROOT = join(__dirname, '..', '..');

export function readSubgraphSdl(name: SubgraphName): string {
  const subgraph = SUBGRAPHS.find((s) => s.name === name)!;
  return readFileSync(join(REPO_ROOT, subgraph.sdlPath), 'utf8');
}
