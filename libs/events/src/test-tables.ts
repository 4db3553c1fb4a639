import { randomBytes } from 'crypto';

import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { eventTablesUp } from './tables';

// For this library's own tests against the real PostgreSQL: a database of their own with one
// schema of event tables (outbox, inbox, positions, dead letters), dropped afterwards.

export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';

export interface EventTestDatabase {
  dataSource: DataSource;
  drop(): Promise<void>;
}

export async function createEventTestDatabase(prefix: string, schema: string): Promise<EventTestDatabase> {
  const database = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: `${TEST_PG_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const dataSource = new DataSource({ type: 'postgres', url: `${TEST_PG_URL}/${database}`, extra: { max: 6 }, logging: false });
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA ${schema}`);
  for (const sql of eventTablesUp(schema)) await dataSource.query(sql);
  return {
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    },
  };
}
