import DataLoader from 'dataloader';

import type { RequestContext } from '@petition/service-kit';

import type { CaseRow, DeadlineRow } from './case/case.row';
import type { CaseService } from './case/case.service';

export interface CaseContext extends RequestContext {
  loaders: {
    case: DataLoader<string, CaseRow | null>;
    casesByPetition: DataLoader<string, CaseRow[]>;
    deadlines: DataLoader<string, DeadlineRow[]>;
  };
}

// Per-request loaders: every entity reference and nested field is batched, and each batch runs
// the caller's visibility condition in SQL.
export function buildCaseContext(base: RequestContext, cases: CaseService): CaseContext {
  return {
    ...base,
    loaders: {
      case: new DataLoader(async (ids) => {
        const rows = await cases.findManyVisible(base.caller, ids);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      casesByPetition: new DataLoader(async (petitionIds) => {
        const rows = await cases.forPetitions(base.caller, petitionIds);
        return petitionIds.map((id) => rows.filter((r) => r.petition_id === id));
      }),
      deadlines: new DataLoader(async (caseIds) => {
        const rows = await cases.deadlines(caseIds);
        return caseIds.map((id) => rows.filter((r) => r.case_id === id));
      }),
    },
  };
}
