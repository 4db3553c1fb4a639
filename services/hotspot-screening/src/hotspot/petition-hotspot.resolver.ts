import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';

import type { HotspotContext } from '../context';
import { Hotspot, Petition } from './hotspot.model';
import { toHotspot } from './hotspot.service';

// Extends intake's Petition with the hotspot it belongs to (two or more petitions, visible to the caller).
@Resolver(() => Petition)
export class PetitionHotspotResolver {
  @FieldResolver(() => Hotspot, { nullable: true, description: '所属热点（2件以上才算热点）' })
  async hotspot(@Root() petition: Petition, @Ctx() ctx: HotspotContext) {
    const row = await ctx.loaders.hotspotOfPetition.load(petition.id);
    return row ? toHotspot(row) : null;
  }
}
