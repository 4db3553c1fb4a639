import 'reflect-metadata';

import { readFileSync } from 'fs';
import { join } from 'path';

import { buildSchema } from 'graphql';

import { buildCaseSchema } from '@petition/case';
import { buildHotspotSchema } from '@petition/hotspot-screening';
import { buildIntakeSchema } from '@petition/intake';
import { buildReceptionSchema } from '@petition/joint-reception';
import { buildAssessmentSchema } from '@petition/assessment';
import { printSubgraphSdl } from '@petition/subgraph';

import { composeSupergraph } from '../src/compose';
import { REPO_ROOT } from '../src/subgraphs';

// The checked-in SDL and supergraph must be what the code builds: a change to a contract shows
// up in review as a diff of these files, and a composition error fails here and in the build.
describe('static supergraph', () => {
  let intake: string;
  let cases: string;
  let hotspot: string;
  let reception: string;
  let assessment: string;
  beforeAll(async () => {
    intake = printSubgraphSdl(await buildIntakeSchema());
    cases = printSubgraphSdl(await buildCaseSchema());
    hotspot = printSubgraphSdl(await buildHotspotSchema());
    reception = printSubgraphSdl(await buildReceptionSchema());
    assessment = printSubgraphSdl(await buildAssessmentSchema());
  });

  it('checked-in subgraph SDL matches the code (run `npm run build` after a schema change)', () => {
    expect(readFileSync(join(REPO_ROOT, 'services/intake/schema.graphql'), 'utf8').trim()).toBe(intake.trim());
    expect(readFileSync(join(REPO_ROOT, 'services/case/schema.graphql'), 'utf8').trim()).toBe(cases.trim());
    expect(readFileSync(join(REPO_ROOT, 'services/hotspot-screening/schema.graphql'), 'utf8').trim()).toBe(hotspot.trim());
    expect(readFileSync(join(REPO_ROOT, 'services/joint-reception/schema.graphql'), 'utf8').trim()).toBe(reception.trim());
    expect(readFileSync(join(REPO_ROOT, 'services/assessment/schema.graphql'), 'utf8').trim()).toBe(assessment.trim());
  });

  it('composes, and the checked-in supergraph is the composition of the current SDL', () => {
    const supergraph = composeSupergraph({ intake, case: cases, hotspot, reception, assessment });
    expect(readFileSync(join(REPO_ROOT, 'gateway/supergraph.graphql'), 'utf8')).toBe(supergraph);
  });

  it('keeps the federated fields that type-graphql could silently drop (Petition.case, Case.petition)', () => {
    const api = buildSchema(
      composeSupergraph({ intake, case: cases, hotspot, reception, assessment }).replace(/^schema[\s\S]*?\n}\n/m, ''),
      {
        assumeValidSDL: true,
      },
    );
    const petition = api.getType('Petition') as unknown as { getFields(): Record<string, unknown> };
    const kase = api.getType('Case') as unknown as { getFields(): Record<string, unknown> };
    expect(Object.keys(petition.getFields())).toEqual(
      expect.arrayContaining(['case', 'cases', 'hotspot', 'receptionVisits', 'jointSessions', 'trackingNumber', 'summary']),
    );
    expect(Object.keys(kase.getFields())).toEqual(expect.arrayContaining(['petition', 'deadlines', 'timeline']));
  });

  it('fails with every composition error listed', () => {
    // Both subgraphs share PageInfo: diverging field types cannot compose.
    const broken = cases.replace('hasNextPage: Boolean!', 'hasNextPage: String!');
    expect(broken).not.toBe(cases);
    expect(() => composeSupergraph({ intake, case: broken, hotspot, reception, assessment })).toThrow(/composition failed/);
  });
});
