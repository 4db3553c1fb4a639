import type { JetStreamClient, JetStreamManager } from 'nats';
import type { DataSource } from 'typeorm';

import { quoteIdent, readStreams, tableDigest } from '@petition/events';

import { READ_MODEL_TABLES, readModelTablesUp } from '../migrations/read-model-tables';
import { ASSESSMENT_SOURCES, AssessmentProjector } from './projector';

export interface AssessmentRebuild {
  events: number;
  identical: boolean;
  differing: string[];
}

/** Folds every stream into a scratch schema with the same projector and compares each table with the live one. */
export async function verifyAssessmentRebuild(deps: {
  dataSource: DataSource;
  js: JetStreamClient;
  jsm: JetStreamManager;
  subjectPrefix: string;
  liveSchema?: string;
}): Promise<AssessmentRebuild> {
  const live = deps.liveSchema ?? 'assessment';
  const target = `${live}_rebuild`;
  const t = quoteIdent(target);
  const { dataSource } = deps;
  await dataSource.query(`DROP SCHEMA IF EXISTS ${t} CASCADE`);
  await dataSource.query(`CREATE SCHEMA ${t}`);
  try {
    for (const sql of readModelTablesUp(target)) await dataSource.query(sql);
    const events = await readStreams(deps.js, deps.jsm, deps.subjectPrefix, ASSESSMENT_SOURCES);
    const projector = new AssessmentProjector(target);
    for (let i = 0; i < events.length; i += 500) {
      await dataSource.transaction(async (tx) => {
        for (const e of events.slice(i, i + 500)) await projector.apply(e, tx);
      });
    }
    const differing: string[] = [];
    for (const table of READ_MODEL_TABLES) {
      const [a, b] = await Promise.all([tableDigest(dataSource, live, table), tableDigest(dataSource, target, table)]);
      if (a.rows !== b.rows || a.digest !== b.digest) differing.push(table);
    }
    return { events: events.length, identical: differing.length === 0, differing };
  } finally {
    await dataSource.query(`DROP SCHEMA IF EXISTS ${t} CASCADE`);
  }
}
