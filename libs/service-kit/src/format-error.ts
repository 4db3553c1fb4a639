import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';

import { ERROR_MESSAGES } from '@petition/subgraph';

import type { Logger } from './logger';
import { currentRequest } from './request-scope';

const PASS_THROUGH = new Set<string>([
  ...Object.keys(ERROR_MESSAGES),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Maps every error to a coded one a client can rely on. Input errors name the field, never its
 * value (values may be ID numbers or phone numbers). Anything unexpected is masked as
 * INTERNAL_SERVER_ERROR and logged with the request id. Every error carries `extensions.requestId`
 * (the `x-request-id` response header), so a clerk's report finds the log lines.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const request = currentRequest();
    const result = format(formatted, error, request?.logger ?? logger);
    return request ? { ...result, extensions: { ...result.extensions, requestId: request.requestId } } : result;
  };
}

function format(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code as string | undefined;

  if (original instanceof ArgumentValidationError) {
    const fields = original.extensions.validationErrors.flatMap((e) => flattenValidation(e));
    return {
      message: `${ERROR_MESSAGES.BAD_USER_INPUT}：${fields.map((f) => f.path).join('、')} (BAD_USER_INPUT)`,
      path: formatted.path,
      extensions: { code: 'BAD_USER_INPUT', fields },
    };
  }
  if (code === 'BAD_USER_INPUT' && !/\(BAD_USER_INPUT\)$/.test(formatted.message)) {
    // graphql-js coercion messages quote the offending value: keep the path only.
    const at = /at "([^"]+)"/.exec(formatted.message)?.[1] ?? /Variable "\$(\w+)"/.exec(formatted.message)?.[1];
    return {
      message: `${ERROR_MESSAGES.BAD_USER_INPUT}：${at ? `${at} 的值无效` : '参数类型或格式不符'} (BAD_USER_INPUT)`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'BAD_USER_INPUT', ...(at ? { field: at } : {}) },
    };
  }
  if (code === 'GRAPHQL_VALIDATION_FAILED' && /Variable "\$\w+" got invalid value/.test(formatted.message)) {
    const at = /at "([^"]+)"/.exec(formatted.message)?.[1];
    return {
      message: `${ERROR_MESSAGES.BAD_USER_INPUT}：${at ?? '变量'} 的值无效 (BAD_USER_INPUT)`,
      extensions: { code: 'BAD_USER_INPUT' },
    };
  }
  if (code === 'BAD_REQUEST' && !/\(BAD_REQUEST\)$/.test(formatted.message)) {
    // Apollo's own refusals of a malformed request: in Chinese, its English reason kept (it holds no value).
    const csrf = /Cross-Site Request Forgery/.test(formatted.message);
    return {
      message: csrf
        ? '请求被拒绝，疑似跨站请求伪造：须以 application/json 发送，或带 apollo-require-preflight 头 (BAD_REQUEST)'
        : `请求格式有误：${formatted.message.trim()} (BAD_REQUEST)`,
      extensions: { code: 'BAD_REQUEST' },
    };
  }
  if (code === 'PERSISTED_QUERY_NOT_SUPPORTED') {
    return { message: '不支持自动持久化查询，请发送完整的查询 (PERSISTED_QUERY_NOT_SUPPORTED)', extensions: { code } };
  }
  if (code && PASS_THROUGH.has(code) && code !== 'INTERNAL_SERVER_ERROR') return formatted;

  if (isDatabaseUnavailable(original)) {
    // The database is down or restarting: a condition to retry after, not a fault in the request.
    logger.warn('database unavailable', { error: original instanceof Error ? original.message : String(original), path: formatted.path });
    return {
      message: `${ERROR_MESSAGES.SERVICE_UNAVAILABLE}：数据库暂不可用 (SERVICE_UNAVAILABLE)`,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }

  logger.error('unhandled error', {
    error: original instanceof Error ? original.message : String(original),
    stack: original instanceof Error ? original.stack : undefined,
    path: formatted.path,
  });
  return {
    message: `${ERROR_MESSAGES.INTERNAL_SERVER_ERROR} (INTERNAL_SERVER_ERROR)`,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

interface ValidationLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationLike[];
}

function flattenValidation(e: ValidationLike, prefix = ''): Array<{ path: string; constraints: string[] }> {
  const path = prefix ? `${prefix}.${e.property}` : e.property;
  const own = e.constraints ? [{ path, constraints: Object.keys(e.constraints) }] : [];
  return [...own, ...(e.children ?? []).flatMap((c) => flattenValidation(c, path))];
}

/**
 * A PostgreSQL connection that could not be made or was cut: refused or reset sockets, the server
 * shutting down or starting (57P01-57P03), connection exceptions (class 08), or pg's own messages.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03'].includes(code) || /^08/.test(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|connect ECONNREFUSED|the database system is (starting up|shutting down)/.test(message);
}
