import type { JetStreamClient, JetStreamManager } from 'nats';
import type { DataSource } from 'typeorm';

import type { AnyEnvelope } from '@petition/events';
import { parseEnvelope, quoteIdent, streamName } from '@petition/events';

import { PROJECTION_TABLES, projectionTablesUp } from '../migrations/projection-tables';
import { HotspotProjector } from './projector';
import type { HotspotConfig } from './rules';

/** The streams the projection folds, in tie-break order for events of the same instant. */
export const PROJECTED_SOURCES = ['intake', 'case'] as const;

export interface RebuildReport {
  events: number;
  identical: boolean;
  tables: Array<{ table: string; liveRows: number; rebuiltRows: number; identical: boolean }>;
}

/** Every event of the given streams, oldest first: by occurredAt, then source, then stream sequence. */
export async function readStreams(js: JetStreamClient, jsm: JetStreamManager, prefix: string): Promise<AnyEnvelope[]> {
  const all: Array<{ envelope: AnyEnvelope; rank: number; seq: number }> = [];
  for (const [rank, source] of PROJECTED_SOURCES.entries()) {
    const stream = streamName(prefix, source);
    const info = await jsm.streams.info(stream).catch(() => null);
    const last = info?.state.last_seq ?? 0;
    if (!info || info.state.messages === 0) continue;
    const consumer = await js.consumers.get(stream); // ordered, ephemeral
    const messages = await consumer.consume({ max_messages: 1000 });
    for await (const m of messages) {
      try {
        all.push({ envelope: parseEnvelope(m.data), rank, seq: m.seq });
      } catch {
        // Not a valid event: the live consumer dead-lettered it and applied nothing; so does the rebuild.
      }
      if (m.seq >= last) break;
    }
    await messages.close();
  }
  all.sort((a, b) => a.envelope.occurredAt.localeCompare(b.envelope.occurredAt) || a.rank - b.rank || a.seq - b.seq);
  const seen = new Set<string>();
  return all.filter(({ envelope }) => !seen.has(envelope.id) && seen.add(envelope.id)).map((x) => x.envelope);
}

/**
 * Folds the streams into a fresh schema with the same projector (no alerts sent) and compares
 * every projection table with the live one, row for row.
 */
export async function verifyRebuild(deps: {
  dataSource: DataSource;
  js: JetStreamClient;
  jsm: JetStreamManager;
  subjectPrefix: string;
  config: HotspotConfig;
  liveSchema?: string;
  targetSchema?: string;
  keep?: boolean;
}): Promise<RebuildReport> {
  const live = deps.liveSchema ?? 'hotspot';
  const target = deps.targetSchema ?? `${live}_rebuild`;
  const { dataSource } = deps;
  const t = quoteIdent(target);
  await dataSource.query(`DROP SCHEMA IF EXISTS ${t} CASCADE`);
  await dataSource.query(`CREATE SCHEMA ${t}`);
  try {
    for (const sql of projectionTablesUp(target)) await dataSource.query(sql);
    const events = await readStreams(deps.js, deps.jsm, deps.subjectPrefix);
    const projector = new HotspotProjector(target, deps.config, null);
    for (let i = 0; i < events.length; i += 500) {
      await dataSource.transaction(async (tx) => {
        for (const e of events.slice(i, i + 500)) await projector.apply(e, tx);
      });
    }
    const tables = [];
    for (const table of [...PROJECTION_TABLES].reverse()) {
      const [a, b] = await Promise.all([tableDigest(dataSource, live, table), tableDigest(dataSource, target, table)]);
      tables.push({ table, liveRows: a.rows, rebuiltRows: b.rows, identical: a.rows === b.rows && a.digest === b.digest });
    }
    return { events: events.length, identical: tables.every((x) => x.identical), tables };
  } finally {
    if (!deps.keep) await dataSource.query(`DROP SCHEMA IF EXISTS ${t} CASCADE`);
  }
}

/** Row count and an order-independent digest of a table's full rows. */
async function tableDigest(dataSource: DataSource, schema: string, table: string) {
  const [row] = await dataSource.query(
    `SELECT count(*)::int AS rows, md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS digest FROM ${quoteIdent(schema)}.${quoteIdent(table)} x`,
  );
  return row as { rows: number; digest: string };
}
