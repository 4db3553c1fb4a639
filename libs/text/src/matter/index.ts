export { normalizeMatterText, toSimplified, decodeNumeral } from './normalize';
export { extractSpecifics, specificTokens, SPECIFIC_SLOTS, SLOT_LABEL, EXACT_SLOTS, type Specific, type SpecificSlot } from './specifics';
export { extractMatter, soundOf, type MatterFeatures, type MatterName, type NameKind } from './features';
export { matterKeys, termKey, specificKey, keyKind, keySlot, termBase, countedBases, TERM_KINDS, type TermKind } from './keys';
export {
  matchMatter,
  matchFeatures,
  matterWeigher,
  MATCH_TUNING,
  MATCH_FEATURES,
  type MatchFeature,
  type MatchTuning,
  type MatterMatch,
  type DocumentCount,
} from './match';
export { candidateKeys, othersOnly, CANDIDATE_RARE_KEYS, CANDIDATE_MAX_SHARE } from './candidates';
export { CONCEPTS, type Concept, type ConceptKind } from './lexicon';
export { explainMatch, type MatchEvidence, type MatchedTerm, type SpecificConflict, type EvidenceKind } from './explain';
export { loadCorpus, samePairs, CORPUS_DIR, type CorpusText } from './corpus';
