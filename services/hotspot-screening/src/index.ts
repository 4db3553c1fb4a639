export { startHotspotService, HOTSPOT_MIGRATIONS, type HotspotServiceRuntime, type HotspotServiceOptions } from './app';
export { parseHotspotEnvironment, hotspotEnvironmentSpec, type HotspotEnvironment } from './environment';
export { buildHotspotSchema } from './schema';
export { DEFAULT_HOTSPOT_CONFIG, parseHotspotConfig, normalizeOrganization, type HotspotConfig } from './hotspot/rules';
export {
  bestMatterMatch,
  scoreCandidates,
  chooseTextMatch,
  baseCounts,
  countedBases,
  textLookupKeys,
  textWeigher,
  TEXT_CANDIDATE_LIMIT,
  type TextCandidate,
  type ScoredCandidate,
} from './hotspot/text-rule';
export { HotspotProjector } from './hotspot/projector';
export { verifyRebuild } from './hotspot/rebuild';
