import { CodedError } from '@petition/subgraph';

import type { IntakeContext } from '../context';
import { toPetition } from './petition.row';

// Entity references from other subgraphs (Case.petition) pass the same visibility check as a
// root query: a petition the caller may not see resolves to null.
export async function resolvePetitionReference(reference: { id: string }, ctx: IntakeContext) {
  // `_entities` is not a public field: a direct call without a token is refused, like every @Authorized field.
  if (ctx.caller.anonymous) throw new CodedError('UNAUTHENTICATED');
  const row = await ctx.loaders.petition.load(reference.id);
  return row ? toPetition(row, ctx.caller) : null;
}
