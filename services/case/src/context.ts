import DataLoader from 'dataloader';

import type { RequestContext } from '@petition/service-kit';

import type { CaseRow } from './case/case.row';
import type { CaseChildTable, CaseService } from './case/case.service';

type ChildRow = Record<string, unknown> & { case_id: string };

export interface CaseContext extends RequestContext {
  loaders: {
    case: DataLoader<string, CaseRow | null>;
    casesByPetition: DataLoader<string, CaseRow[]>;
    /** Deadlines, replies, appeals, supervision notices and timeline, batched per table. */
    children: Record<CaseChildTable, DataLoader<string, ChildRow[]>>;
  };
}

function groupBy<R>(keys: readonly string[], rows: R[], key: (row: R) => string): R[][] {
  const groups = new Map<string, R[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(key(row))?.push(row);
  return keys.map((k) => groups.get(k)!);
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
      casesByPetition: new DataLoader(async (petitionIds) =>
        groupBy(petitionIds, await cases.forPetitions(base.caller, petitionIds), (r) => r.petition_id),
      ),
      // Children are read only for cases the caller already passed the visibility check for.
      children: Object.fromEntries(
        (['deadline', 'reply', 'appeal', 'supervision', 'timeline'] as const).map((table) => [
          table,
          new DataLoader(async (caseIds: readonly string[]) => groupBy(caseIds, await cases.children(table, caseIds), (r) => r.case_id)),
        ]),
      ) as CaseContext['loaders']['children'],
    },
  };
}
