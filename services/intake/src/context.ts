import DataLoader from 'dataloader';

import type { RequestContext } from '@petition/service-kit';

import type { Category, Department } from './reference/category.model';
import type { PetitionRow } from './petition/petition.row';
import type { ReferenceService } from './reference/reference.service';
import type { PetitionService } from './petition/petition.service';

export interface IntakeContext extends RequestContext {
  loaders: {
    /** Petitions the caller may see, batched per request (entity references, repeatOf). */
    petition: DataLoader<string, PetitionRow | null>;
    category: DataLoader<string, Category | null>;
    department: DataLoader<string, Department | null>;
  };
}

export function buildIntakeContext(base: RequestContext, petitions: PetitionService, reference: ReferenceService): IntakeContext {
  return {
    ...base,
    loaders: {
      petition: new DataLoader(async (ids) => {
        const rows = await petitions.findManyVisible(base.caller, ids);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      category: new DataLoader(async (codes) => {
        const found = await reference.categoriesByCode(codes);
        return codes.map((c) => found.get(c) ?? null);
      }),
      department: new DataLoader(async (codes) => {
        const found = await reference.departmentsByCode(codes);
        return codes.map((c) => found.get(c) ?? null);
      }),
    },
  };
}
