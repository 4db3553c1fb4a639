import type { IntakeContext } from '../context';
import { toPetition } from './petition.row';

// Entity references from other subgraphs (Case.petition) pass the same visibility check as a
// root query: a petition the caller may not see resolves to null.
export async function resolvePetitionReference(reference: { id: string }, ctx: IntakeContext) {
  const row = await ctx.loaders.petition.load(reference.id);
  return row ? toPetition(row, ctx.caller) : null;
}
