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
