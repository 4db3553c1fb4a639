import type { CaseContext } from '../context';
import { toCase } from './case.service';

// `_entities` for Case runs the same SQL visibility as `case(id)`: an invisible case is null.
export async function resolveCaseReference(reference: { id: string }, ctx: CaseContext) {
  const row = await ctx.loaders.case.load(reference.id);
  return row ? toCase(row) : null;
}

export function resolvePetitionStub(reference: { id: string }) {
  return { id: reference.id };
}
