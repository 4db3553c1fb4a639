import { CodedError } from '@petition/subgraph';

import type { CaseContext } from '../context';
import { toCase } from './case.service';

// `_entities` for Case runs the same SQL visibility as `case(id)`: an invisible case is null.
export async function resolveCaseReference(reference: { id: string }, ctx: CaseContext) {
  // `_entities` is not a public field: a direct call without a token is refused, like every @Authorized field.
  if (ctx.caller.anonymous) throw new CodedError('UNAUTHENTICATED');
  const row = await ctx.loaders.case.load(reference.id);
  return row ? toCase(row) : null;
}
