import { Client, types } from 'pg';
import type { DataSourceOptions, MixedList } from 'typeorm';
import { DataSource } from 'typeorm';

import type { Logger } from './logger';

// A DATE column is a China civil date ('2025-10-09'), never an instant: keep it as text instead of
// letting pg turn it into a Date at the server's local midnight.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

export interface DatabaseOptions {
  url: string;
  schema: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  extensions?: string[];
  poolSize?: number;
}

/** Creates the database named in the URL if it does not exist (local development and tests). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      // C.UTF-8 ctype: pg_trgm extracts no trigrams from Chinese under ctype C.
      await client
        .query(`CREATE DATABASE "${name.replace(/"/g, '')}" TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'`)
        .catch(async (error: { code?: string }) => {
          if (error.code === '42P04') return; // created concurrently
          if (error.code === '22023') await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}" TEMPLATE template0 ENCODING 'UTF8'`);
          else throw error;
        });
    }
  } finally {
    await client.end();
  }
}

export function createDataSource(options: DatabaseOptions): DataSource {
  const config: DataSourceOptions = {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    extra: { max: options.poolSize ?? 10 },
    logging: false,
  };
  return new DataSource(config);
}

/**
 * Connects, creates the service's schema and extensions (TypeORM creates neither), checks the
 * database's ctype handles Chinese, and runs pending migrations.
 */
export async function prepareDatabase(dataSource: DataSource, options: DatabaseOptions, logger?: Logger): Promise<void> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const schema = options.schema;
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  for (const extension of ['pgcrypto', ...(options.extensions ?? [])]) {
    await dataSource.query(`CREATE EXTENSION IF NOT EXISTS ${extension}`).catch(async (error: { code?: string }) => {
      // Two services starting together may both try to create the same extension.
      if (error.code !== '23505' && error.code !== '42710') throw error;
    });
  }
  const [{ datctype }] = await dataSource.query('SELECT datctype FROM pg_database WHERE datname = current_database()');
  if (!/utf-?8/i.test(datctype)) {
    throw new Error(
      `database ctype is ${datctype}: Chinese text search needs a UTF-8 ctype. Recreate the database with LC_CTYPE 'C.UTF-8'.`,
    );
  }
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  if (applied.length) logger?.info('migrations applied', { schema, migrations: applied.map((m) => m.name) });
}
