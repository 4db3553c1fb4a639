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
export { auditTableUp, auditTableDown, auditLockKey, GENESIS_HASH } from './audit/audit-tables';
export { appendAudit, auditActor, type AuditBody, type SqlRunner } from './audit/audit-log';
export { createAuditPlugin, auditTarget, auditOutcome, rootFields } from './audit/audit-plugin';
export { chainHash, foldChain, emptyChain, describeChain, type AuditChainRow, type ChainState, type ChainBreak } from './audit/audit-chain';
export { verifyAuditChain, auditSchemas, clientQuery, runAuditVerify, parseAuditVerifyArgs, type RunQuery } from './audit/audit-verify';
export {
  DEFAULT_REQUEST_LIMITS,
  PAGE_ARGUMENTS,
  CHECKED_PAGE_ARGUMENTS,
  measureOperation,
  limitViolation,
  requestLimitsPlugin,
  type RequestLimits,
  type OperationMeasure,
  type PageRequest,
} from './request-limits';
export { RateLimiter, rateLimitedError, type RateLimitOptions, type RateDecision } from './rate-limit';
export { PUBLIC_ROOT_FIELDS, nonPublicRootFields } from './anonymous-access';
export { currentRequest, runInRequestScope, type RequestScope } from './request-scope';
export {
  initTelemetry,
  attachSpanExporter,
  recordSpansInMemory,
  flushTelemetry,
  startSpan,
  endSpan,
  contextFromHeaders,
  injectTraceHeaders,
  activeTraceIds,
  SERVICE_NAME,
  type TelemetryOptions,
} from './telemetry';
export { ServiceMetrics, METRICS_CONTENT_TYPE, withTimeout } from './metrics';
