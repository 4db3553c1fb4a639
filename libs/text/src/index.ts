export {
  normalizeText,
  shingles,
  jaccard,
  dice,
  containment,
  blend,
  textSimilarity,
  SIMILAR_TEXT_THRESHOLD,
  minhashSignature,
  estimateJaccard,
  signatureBigrams,
  unfmix32,
} from './similarity';
export { SIGNATURE_SIZE, LSH_ROWS, contentSignature, encodeSignature, decodeSignature, isEmptySignature, lshBandKeys } from './signature';
export { PARAPHRASE_PAIRS } from './paraphrase-pairs';
export {
  bigramKeys,
  raritySimilarity,
  rarityWeigher,
  rarityWeight,
  rarestKeys,
  RARE_TEXT_THRESHOLD,
  RARITY_POWER,
  RARITY_MIN_DOCUMENTS,
  RARITY_PRIOR_COUNT,
  type DocumentFrequency,
} from './rarity';
export * from './matter';
