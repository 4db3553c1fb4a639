import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import { visit } from 'graphql';

import { CodedError } from '@petition/subgraph';

/** The first path (e.g. `input.summary`) whose string holds U+0000, or null. */
export function nulPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(value)' : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** Whether a string literal in the operation holds U+0000 (written `\u0000` in GraphQL). */
export function documentHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  return found;
}

/**
 * PostgreSQL text cannot hold U+0000 (it fails the statement with 22021), and no petition, code or
 * id needs it: refuse it before execution, by field, as bad input (never the value: it may be personal).
 */
export function nulGuardPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const path = nulPath(request.variables ?? {});
          if (path) throw new CodedError('BAD_USER_INPUT', `${path} 含有不允许的空字符 (U+0000)`, { field: path });
          if (documentHasNul(document)) throw new CodedError('BAD_USER_INPUT', '查询中的字符串含有不允许的空字符 (U+0000)');
        },
      };
    },
  };
}
