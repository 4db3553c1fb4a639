import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql';
import { getNamedType, getNullableType, isCompositeType, isListType, Kind } from 'graphql';

import { CodedError } from '@petition/subgraph';

import { fragmentsOf, selectedFields } from './graphql-document';

// Limits checked on the resolved operation, before the gateway plans it and before a subgraph
// executes it: depth, aliases, root fields, an estimated cost and the page size asked for.
export interface RequestLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxCost: number;
  /** Largest `first`/`last`/`pageSize` argument. */
  maxPageSize: number;
  /** What a list without a page-size argument is assumed to hold, for the cost. */
  defaultListSize: number;
  /** What a field with a page-size argument left out returns (the services' default page). */
  defaultPageSize: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxRootFields: 30,
  maxCost: 10_000,
  maxPageSize: 200,
  defaultListSize: 10,
  defaultPageSize: 20,
});

/** Arguments that say how many items a field returns: they multiply the cost of what is under it. */
export const PAGE_ARGUMENTS = ['first', 'last', 'limit', 'pageSize'] as const;
/**
 * Arguments checked against `maxPageSize`. A `limit` is left to the service that defines it (dead
 * letters allow 500, alerts 200, duplicates 50) and refused there with BAD_USER_INPUT; it still counts in the cost.
 */
export const CHECKED_PAGE_ARGUMENTS = ['first', 'last', 'pageSize'] as const;

export interface PageRequest {
  field: string;
  argument: string;
  size: number;
}

export interface OperationMeasure {
  /** Nesting of fields: `{ a { b } }` is 2. Introspection (`__schema`, `__type`) counts as one level. */
  depth: number;
  /** Aliased fields, fragments counted once per use. */
  aliases: number;
  /** Fields at the root, `__typename` not counted. */
  rootFields: number;
  /**
   * Each field 1, each list multiplying what is under it by its page size (or `defaultPageSize` when
   * it has a page argument left out, `defaultListSize` when it has none; `_entities` by its representations).
   */
  cost: number;
  /** The largest checked page-size argument, literal or variable. */
  largestPage: PageRequest | null;
}

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
  largestPage: PageRequest | null;
}

interface WalkContext {
  schema?: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  defaultListSize: number;
  defaultPageSize: number;
  /** A fragment's measure does not depend on where it is spread: computed once (no exponential blow-up). */
  memo: Map<string, Measure>;
  /** Fragments being walked: a cycle (which validation would have refused) is cut, not followed. */
  walking: Set<string>;
}

const ZERO: Measure = Object.freeze({ depth: 0, aliases: 0, cost: 0, largestPage: null });

/** Measures one operation of a document; `schema` tells lists from single objects (without it only page arguments multiply). */
export function measureOperation(
  document: DocumentNode,
  options: {
    operation?: OperationDefinitionNode;
    operationName?: string | null;
    schema?: GraphQLSchema;
    variables?: Record<string, unknown> | null;
    defaultListSize?: number;
    defaultPageSize?: number;
  } = {},
): OperationMeasure {
  const operation = options.operation ?? selectOperation(document, options.operationName);
  if (!operation) return { depth: 0, aliases: 0, rootFields: 0, cost: 0, largestPage: null };
  const fragments = fragmentsOf(document);
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variables[definition.variable.name.value] = literalValue(definition.defaultValue, {});
  }
  Object.assign(variables, options.variables ?? {});
  const context: WalkContext = {
    schema: options.schema,
    fragments,
    variables,
    defaultListSize: options.defaultListSize ?? DEFAULT_REQUEST_LIMITS.defaultListSize,
    defaultPageSize: options.defaultPageSize ?? DEFAULT_REQUEST_LIMITS.defaultPageSize,
    memo: new Map(),
    walking: new Set(),
  };
  const rootType = options.schema?.getRootType(operation.operation) ?? undefined;
  const measure = walk(operation.selectionSet, rootType, context, false);
  return { ...measure, rootFields: selectedFields(operation.selectionSet, fragments).length };
}

export function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

function walk(
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType | undefined,
  context: WalkContext,
  inConnection: boolean,
): Measure {
  let depth = 0;
  let aliases = 0;
  let cost = 0;
  let largestPage: PageRequest | null = null;
  const add = (m: Measure, multiplier = 1, levels = 0) => {
    depth = Math.max(depth, m.depth + levels);
    aliases += m.aliases;
    cost += multiplier * m.cost;
    if (m.largestPage && (!largestPage || m.largestPage.size > largestPage.size)) largestPage = m.largestPage;
  };

  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (selection.alias) aliases++;
      if (name === '__typename') {
        depth = Math.max(depth, 1);
        continue;
      }
      // Introspection is bounded by graphql-js's own MaxIntrospectionDepthRule (and is off in production).
      if (name.startsWith('__')) {
        depth = Math.max(depth, 1);
        cost += 1;
        continue;
      }
      const definition = parentType && 'getFields' in parentType ? parentType.getFields()[name] : undefined;
      const isList = definition ? isListType(getNullableType(definition.type)) : false;
      const returnType = definition ? getNamedType(definition.type) : undefined;
      const page = pageOf(selection.arguments ?? [], definition, context.variables);
      const paged = page.size !== undefined || page.defined;
      let multiplier = 1;
      if (page.size !== undefined) multiplier = Math.max(1, page.size);
      // A connection's edges are counted by its `first`.
      else if (isList && inConnection && (name === 'edges' || name === 'nodes')) multiplier = 1;
      else if (paged) multiplier = context.defaultPageSize;
      else if (isList) multiplier = context.defaultListSize;
      const child = selection.selectionSet
        ? walk(selection.selectionSet, returnType && isCompositeType(returnType) ? returnType : undefined, context, paged && !isList)
        : ZERO;
      cost += 1;
      add(child, multiplier, 1);
      depth = Math.max(depth, 1);
      if (page.checked && (!largestPage || page.checked.size > largestPage.size)) largestPage = { field: name, ...page.checked };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typeName = selection.typeCondition?.name.value;
      const type = typeName ? context.schema?.getType(typeName) : parentType;
      add(walk(selection.selectionSet, type && isCompositeType(type) ? type : undefined, context, inConnection));
    } else {
      add(walkFragment(selection.name.value, context, inConnection));
    }
  }
  return { depth, aliases, cost, largestPage };
}

function walkFragment(name: string, context: WalkContext, inConnection: boolean): Measure {
  const key = `${name}:${inConnection}`;
  const known = context.memo.get(key);
  if (known) return known;
  const fragment = context.fragments.get(name);
  if (!fragment || context.walking.has(name)) return ZERO;
  context.walking.add(name);
  const type = context.schema?.getType(fragment.typeCondition.name.value);
  const measure = walk(fragment.selectionSet, type && isCompositeType(type) ? type : undefined, context, inConnection);
  context.walking.delete(name);
  context.memo.set(key, measure);
  return measure;
}

/** The page size a field asks for: a page argument on the field, or a `limit`-like field of an input-object argument. */
function pageOf(
  args: ReadonlyArray<{ name: { value: string }; value: ValueNode }>,
  definition: GraphQLField<unknown, unknown> | undefined,
  variables: Record<string, unknown>,
): { size?: number; defined: boolean; checked?: { argument: string; size: number } } {
  const isPageArgument = (name: string) => (PAGE_ARGUMENTS as readonly string[]).includes(name);
  const defined = definition?.args.some((a) => isPageArgument(a.name)) ?? false;
  let size: number | undefined;
  let checked: { argument: string; size: number } | undefined;
  for (const arg of args) {
    const value = literalValue(arg.value, variables);
    // What the gateway asks a subgraph for: one entity per representation.
    if (arg.name.value === 'representations' && Array.isArray(value)) size = Math.max(size ?? 0, value.length);
    else if (isPageArgument(arg.name.value)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      size = Math.max(size ?? 0, value);
      if ((CHECKED_PAGE_ARGUMENTS as readonly string[]).includes(arg.name.value) && (!checked || value > checked.size)) {
        checked = { argument: arg.name.value, size: value };
      }
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, nested] of Object.entries(value as Record<string, unknown>)) {
        if (isPageArgument(key) && typeof nested === 'number' && Number.isFinite(nested)) size = Math.max(size ?? 0, nested);
      }
    }
  }
  return { size, defined, checked };
}

/** A literal's value, variables substituted (the raw JSON the client sent: coercion comes later). */
function literalValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => literalValue(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalValue(f.value, variables)]));
  }
}

/** The refusal for the first limit the measure exceeds, or null. HTTP 400 for all of them. */
export function limitViolation(measure: OperationMeasure, limits: RequestLimits): CodedError | null {
  const http = { status: 400 };
  if (measure.largestPage && measure.largestPage.size > limits.maxPageSize) {
    const { field, argument, size } = measure.largestPage;
    return new CodedError('PAGE_TOO_LARGE', `${field} 的 ${argument} 为 ${size}，最多 ${limits.maxPageSize}`, {
      field: argument,
      limit: limits.maxPageSize,
      http,
    });
  }
  if (measure.depth > limits.maxDepth) {
    return new CodedError('QUERY_TOO_DEEP', `${measure.depth} 层，最多 ${limits.maxDepth} 层`, { limit: limits.maxDepth, http });
  }
  if (measure.aliases > limits.maxAliases) {
    return new CodedError('TOO_MANY_ALIASES', `${measure.aliases} 个，最多 ${limits.maxAliases} 个`, { limit: limits.maxAliases, http });
  }
  if (measure.rootFields > limits.maxRootFields) {
    return new CodedError('QUERY_TOO_COMPLEX', `顶层字段 ${measure.rootFields} 个，最多 ${limits.maxRootFields} 个`, {
      limit: limits.maxRootFields,
      http,
    });
  }
  if (measure.cost > limits.maxCost) {
    const cost = Number.isFinite(measure.cost) ? Math.round(measure.cost) : measure.cost;
    return new CodedError('QUERY_TOO_COMPLEX', `估算开销 ${cost}，最多 ${limits.maxCost}`, { limit: limits.maxCost, http });
  }
  return null;
}

/**
 * Checks every operation (each one of a batch too) once it is parsed, validated and resolved:
 * at the gateway that is before the query planner runs, at a subgraph before execution.
 */
export function requestLimitsPlugin<C extends BaseContext>(limits: RequestLimits): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, schema, request }) {
          const measure = measureOperation(document, {
            operation,
            schema,
            variables: request.variables,
            defaultListSize: limits.defaultListSize,
            defaultPageSize: limits.defaultPageSize,
          });
          const violation = limitViolation(measure, limits);
          if (violation) throw violation;
        },
      };
    },
  };
}
