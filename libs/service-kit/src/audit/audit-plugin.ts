import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, FieldNode, GraphQLFormattedError, SelectionSetNode } from 'graphql';
import { getOperationAST, valueFromASTUntyped } from 'graphql';

import { fragmentsOf, selectedFields } from '../graphql-document';
import type { RequestContext } from '../http-server';
import type { Logger } from '../logger';
import type { AuditBody, SqlRunner } from './audit-log';
import { auditActor, AuditWriter } from './audit-log';

// Only identifiers and codes go into a record: an argument (or input field, at any depth) named
// `id`, `…Id`, `…Ids` or `…Code`. Names, ID numbers, phones, addresses and free text have other
// names and never match; secrets that happen to end in Code (an access code) are excluded by name.
const IDENTIFIER = /^(id|.+(Id|Ids|Code))$/;
const NEVER = /access|password|secret|token|idnumber/i;
const MAX_STRING = 100;
const MAX_ENTRIES = 40;
const MAX_LIST = 20;

/** The root fields of an operation, through fragments, without `__typename`. */
export function rootFields(selectionSet: SelectionSetNode, document?: DocumentNode): FieldNode[] {
  return selectedFields(selectionSet, fragmentsOf(document));
}

function clip(value: unknown): unknown {
  if (typeof value === 'string') return value.slice(0, MAX_STRING).replace(/\u0000/g, '\ufffd');
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return undefined;
}

function collect(target: Record<string, unknown>, path: string, name: string, value: unknown, depth: number) {
  if (Object.keys(target).length >= MAX_ENTRIES || depth > 6 || value === undefined) return;
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
    value.slice(0, MAX_LIST).forEach((v, i) => collect(target, `${path}.${i}`, name, v, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) collect(target, `${path}.${key}`, key, v, depth + 1);
    return;
  }
  if (!IDENTIFIER.test(name) || NEVER.test(name)) return;
  const kept = Array.isArray(value) ? value.slice(0, MAX_LIST).map(clip) : clip(value);
  // jsonb cannot hold U+0000, in a key either.
  if (kept !== undefined) target[path.replace(/\u0000/g, '\ufffd').slice(0, 200)] = kept;
}

/**
 * The identifiers and codes among the root fields' arguments (literal or through variables), keyed
 * by their path (`input.petitionId`); prefixed with the response key when there are several fields.
 */
export function auditTarget(fields: readonly FieldNode[], variables: Record<string, unknown> | undefined): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  for (const field of fields) {
    const prefix = fields.length > 1 ? `${field.alias?.value ?? field.name.value}.` : '';
    for (const arg of field.arguments ?? []) {
      collect(target, `${prefix}${arg.name.value}`, arg.name.value, valueFromASTUntyped(arg.value, variables ?? {}), 0);
    }
  }
  return target;
}

/** The ids the response returned at the top of each root field (e.g. the petition a registration created). */
export function resultIds(fields: readonly FieldNode[], data: Record<string, unknown> | null | undefined): Record<string, string> {
  const found: Record<string, string> = {};
  const visit = (value: unknown, path: string, depth: number) => {
    if (!value || typeof value !== 'object' || Array.isArray(value) || depth > 1) return;
    for (const [key, v] of Object.entries(value)) {
      if (key === 'id' && typeof v === 'string') found[`${path}.id`] = v.slice(0, MAX_STRING);
      else visit(v, `${path}.${key}`, depth + 1);
    }
  };
  for (const field of fields) {
    const key = field.alias?.value ?? field.name.value;
    visit(data?.[key], key, 0);
  }
  return found;
}

export function auditOutcome(errors: readonly GraphQLFormattedError[] | undefined): string {
  if (!errors?.length) return 'OK';
  const code = errors[0].extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

/**
 * Records every mutation this subgraph executes, refused ones too (attempts matter), in its
 * schema's audit_log before the response leaves. The record holds the actor, the root field
 * name(s), the identifiers among the arguments, the outcome and the request id.
 */
export function createAuditPlugin<C extends RequestContext>(deps: {
  dataSource: SqlRunner;
  schema: string;
  logger: Logger;
  /** Counts a record not written (the audit_write_failures_total metric). */
  onWriteFailure?: () => void;
}): ApolloServerPlugin<C> {
  const writer = new AuditWriter(deps.dataSource, deps.schema);
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          const operation = rc.operation ?? (rc.document ? getOperationAST(rc.document, rc.request.operationName) : null);
          if (operation?.operation !== 'mutation') return;
          let record: AuditBody | undefined;
          try {
            const fields = rootFields(operation.selectionSet, rc.document);
            const body = rc.response.body;
            const result = body.kind === 'single' ? body.singleResult : body.initialResult;
            const outcome = auditOutcome(result.errors);
            const ids = outcome === 'OK' ? resultIds(fields, result.data) : {};
            record = {
              kind: 'mutation',
              actor: auditActor(rc.contextValue.caller),
              action: fields.map((f) => f.name.value).join(','),
              target: auditTarget(fields, rc.request.variables),
              outcome,
              requestId: rc.contextValue.requestId ?? null,
              ...(Object.keys(ids).length ? { detail: { resultIds: ids } } : {}),
              at: new Date().toISOString(),
            };
            await writer.append(record);
          } catch (error) {
            // The mutation has committed: the client gets its answer, operators get a loud log line.
            deps.onWriteFailure?.();
            deps.logger.error('audit record not written', {
              action: record?.action,
              outcome: record?.outcome,
              requestId: rc.contextValue?.requestId,
              error: String(error),
            });
          }
        },
      };
    },
  };
}
