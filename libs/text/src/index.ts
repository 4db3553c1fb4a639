export { PARAPHRASE_PAIRS } from './paraphrase-pairs';
export * from './matter';
