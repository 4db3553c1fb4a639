import 'reflect-metadata';

export {
  buildSubgraph,
  printSubgraphSdl,
  writeSubgraphSdl,
  resolveStubReference,
  FEDERATION_LINK,
  type SubgraphOptions,
} from './federation';
export { CodedError, ERROR_MESSAGES, type ErrorCode, type CodedErrorDetails } from './errors';
export {
  PageInfo,
  createConnection,
  encodeCursor,
  decodeCursor,
  pageSize,
  toConnection,
  keysetPage,
  SqlConditions,
  type KeysetPageQuery,
  type SqlQuery,
  MAX_PAGE_SIZE,
  type ConnectionShape,
  type Keyset,
} from './connection';
export { enumFromValues } from './enums';
export { isUuid } from './ids';
