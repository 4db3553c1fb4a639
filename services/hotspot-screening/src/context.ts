import DataLoader from 'dataloader';

import type { RequestContext } from '@petition/service-kit';

import type { Alert, HotspotFigures } from './hotspot/hotspot.model';
import type { HotspotService } from './hotspot/hotspot.service';

type HotspotRow = Awaited<ReturnType<HotspotService['findManyVisible']>>[number];
type Member = Awaited<ReturnType<HotspotService['members']>>[number][number];

export interface HotspotContext extends RequestContext {
  loaders: {
    hotspot: DataLoader<string, HotspotRow | null>;
    figures: DataLoader<HotspotRow, HotspotFigures, string>;
    alerts: DataLoader<string, Alert[]>;
    hotspotOfPetition: DataLoader<string, HotspotRow | null>;
    members: (limit: number) => DataLoader<string, Member[]>;
  };
}

// Per-request loaders: entity references, nested lists and figures are batched, and every batch
// runs the caller's visibility condition in SQL.
export function buildHotspotContext(base: RequestContext, hotspots: HotspotService): HotspotContext {
  const memberLoaders = new Map<number, DataLoader<string, Member[]>>();
  return {
    ...base,
    loaders: {
      hotspot: new DataLoader(async (ids) => {
        const rows = await hotspots.findManyVisible(base.caller, ids);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      figures: new DataLoader((rows) => hotspots.figures(rows), { cacheKeyFn: (row) => row.id }),
      alerts: new DataLoader((ids) => hotspots.alertsOf(base.caller, ids)),
      hotspotOfPetition: new DataLoader((ids) => hotspots.hotspotsOfPetitions(base.caller, ids)),
      members: (limit) => {
        let loader = memberLoaders.get(limit);
        if (!loader) {
          loader = new DataLoader((ids) => hotspots.members(base.caller, ids, limit));
          memberLoaders.set(limit, loader);
        }
        return loader;
      },
    },
  };
}
