import type { JetStreamClient, JetStreamManager } from 'nats';
import type { DataSource } from 'typeorm';

import { quoteIdent, readStreams, tableDigest } from '@petition/events';

import { PROJECTION_TABLES, projectionSchemaUp } from '../migrations/projection-tables';
import { HotspotProjector } from './projector';
import type { HotspotConfig } from './rules';

/** The streams the projection folds, in tie-break order for events of the same instant. */
export const PROJECTED_SOURCES = ['intake', 'case'] as const;

export interface RebuildReport {
  events: number;
  identical: boolean;
  tables: Array<{ table: string; liveRows: number; rebuiltRows: number; identical: boolean }>;
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
    for (const sql of projectionSchemaUp(target)) await dataSource.query(sql);
    const events = await readStreams(deps.js, deps.jsm, deps.subjectPrefix, PROJECTED_SOURCES);
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
