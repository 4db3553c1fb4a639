export { startHotspotService, HOTSPOT_MIGRATIONS, type HotspotServiceRuntime, type HotspotServiceOptions } from './app';
export { parseHotspotEnvironment, hotspotEnvironmentSpec, type HotspotEnvironment } from './environment';
export { buildHotspotSchema } from './schema';
export {
  DEFAULT_HOTSPOT_CONFIG,
  parseHotspotConfig,
  bestTextMatch,
  textWeights,
  normalizeOrganization,
  type HotspotConfig,
} from './hotspot/rules';
export { HotspotProjector } from './hotspot/projector';
export { verifyRebuild } from './hotspot/rebuild';
