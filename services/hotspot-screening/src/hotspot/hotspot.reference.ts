import { CodedError, isUuid } from '@petition/subgraph';

import type { HotspotContext } from '../context';
import { toHotspot } from './hotspot.service';

// `_entities` for Hotspot runs the same SQL visibility as `hotspot(id)`: an invisible hotspot is null.
export async function resolveHotspotReference(reference: { id: string }, ctx: HotspotContext) {
  if (ctx.caller.anonymous) throw new CodedError('UNAUTHENTICATED');
  if (!isUuid(reference.id)) return null;
  const row = await ctx.loaders.hotspot.load(reference.id);
  return row ? toHotspot(row) : null;
}
