export {
  parseEnvironment,
  environmentTable,
  EnvironmentError,
  str,
  optionalStr,
  int,
  oneOf,
  url,
  json,
  type VariableSpec,
  type EnvironmentSpec,
  type ParsedEnvironment,
} from './environment';
export { commonEnvironment, tokenConfig } from './common-environment';
export { createLogger, redact, type Logger, type LogLevel } from './logger';
export { createErrorFormatter } from './format-error';
export { startHttpServer, send, type RequestContext, type HttpServerOptions, type RunningHttpServer } from './http-server';
export { createDataSource, prepareDatabase, ensureDatabase, type DatabaseOptions } from './database';
export { onShutdown, runMain, startPeriodic } from './shutdown';
export { createDeadLetterResolver, DeadLetter, DeadLetterReplay, type DeadLetterSource } from './dead-letter.resolver';
export { startSubgraphRuntime, type SubgraphRuntimeOptions, type SubgraphWiring } from './subgraph-runtime';
export { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, chromiumPath, requireChromium } from './chromium';
