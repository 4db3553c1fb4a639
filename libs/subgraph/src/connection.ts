import type { ClassType } from 'type-graphql';
import { Directive, Field, Int, ObjectType } from 'type-graphql';

import { CodedError } from './errors';
import { isUuid } from './ids';

@ObjectType({ description: 'Relay 分页信息' })
@Directive('@shareable')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay-style connection type for a node type: `<Name>Connection` with `<Name>Edge`. */
export function createConnection<T extends object>(Node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => Node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: '符合条件的总数' })
    totalCount!: number;
  }
  return Connection;
}

// Keyset cursors: (sort timestamp, id), so pages stay stable while rows are inserted.
export interface Keyset {
  at: string;
  id: string;
}

export function encodeCursor(key: Keyset): string {
  return Buffer.from(JSON.stringify([key.at, key.id])).toString('base64url');
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function decodeCursor(cursor: string): Keyset {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    // Exactly what encodeCursor wrote (an ISO instant and a uuid key): anything else would reach SQL as a bad cast.
    if (typeof at !== 'string' || typeof id !== 'string' || !ISO_INSTANT.test(at) || new Date(at).toISOString() !== at || !isUuid(id)) {
      throw new Error();
    }
    return { at, id };
  } catch {
    throw new CodedError('BAD_USER_INPUT', '分页游标无效', { field: 'after' });
  }
}

export const MAX_PAGE_SIZE = 100;

export function pageSize(first: number | null | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new CodedError('BAD_USER_INPUT', `每页条数须在1到${MAX_PAGE_SIZE}之间`, { field: 'first' });
  }
  return size;
}

/** Rows fetched with `limit size + 1`, ordered by (at desc, id desc), into a connection. */
export function toConnection<R, T>(
  rows: R[],
  size: number,
  totalCount: number,
  key: (row: R) => Keyset,
  node: (row: R) => T,
): ConnectionShape<T> {
  const page = rows.slice(0, size);
  const edges = page.map((row) => ({ cursor: encodeCursor(key(row)), node: node(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}

export type SqlQuery = (sql: string, params: unknown[]) => Promise<any[]>;

/** Numbered SQL conditions built up in order: `add('p.status = ANY(?)', statuses)`. */
export class SqlConditions {
  readonly where: string[] = [];
  readonly params: unknown[] = [];

  /** A condition that numbers its own placeholders from `params` (e.g. a visibility rule). */
  raw(build: (params: unknown[]) => string): this {
    this.where.push(build(this.params));
    return this;
  }

  add(condition: string, value: unknown): this {
    this.params.push(value);
    this.where.push(condition.replace('?', `$${this.params.length}`));
    return this;
  }
}

export interface KeysetPageQuery<R> {
  query: SqlQuery;
  /** `SELECT` list and `FROM` clause with its alias, e.g. `p.*` and `intake.petition p`. */
  select: string;
  from: string;
  conditions: SqlConditions;
  /** The sort timestamp column and the id column: newest first. */
  at: string;
  id: string;
  first?: number | null;
  after?: string | null;
  key: (row: R) => Keyset;
}

/** A Relay page by keyset (sort timestamp, id), with the total count under the same conditions. */
export async function keysetPage<R, T>(q: KeysetPageQuery<R>, node: (row: R) => T): Promise<ConnectionShape<T>> {
  const size = pageSize(q.first);
  const { where, params } = q.conditions;
  const filter = where.join(' AND ') || 'true';
  const pageWhere = [...where];
  const pageParams = [...params];
  if (q.after) {
    const key = decodeCursor(q.after);
    pageParams.push(key.at, key.id);
    pageWhere.push(`(${q.at}, ${q.id}) < ($${pageParams.length - 1}::timestamptz, $${pageParams.length}::uuid)`);
  }
  pageParams.push(size + 1);
  const [rows, [{ n }]] = await Promise.all([
    q.query(
      `SELECT ${q.select} FROM ${q.from} WHERE ${pageWhere.join(' AND ') || 'true'} ORDER BY ${q.at} DESC, ${q.id} DESC LIMIT $${pageParams.length}`,
      pageParams,
    ),
    q.query(`SELECT count(*)::int AS n FROM ${q.from} WHERE ${filter}`, params),
  ]);
  return toConnection(rows as R[], size, n as number, q.key, node);
}
