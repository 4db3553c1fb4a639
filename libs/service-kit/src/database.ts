import { Client, escapeIdentifier, escapeLiteral, types } from 'pg';
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
  /** statement_timeout of the application pool (not the migrations). */
  statementTimeoutMs?: number;
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
    extra: {
      max: options.poolSize ?? 10,
      // The database stops work the client has already been told timed out (the subgraph's request
      // limit is 30 s), and a transaction left open cannot hold its locks for ever.
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs, idle_in_transaction_session_timeout: 60_000 } : {}),
    },
    logging: false,
  };
  return new DataSource(config);
}

/** The role a service runs as after migrating, and whether it may be created here. */
export interface AppRoleOptions {
  user: string;
  password?: string;
  /** Production: the role must exist already (an administrator creates it), and running as the owner is refused. */
  production: boolean;
}

/** The owner's URL with the user and password replaced: same host, port, database and parameters. */
export function appDatabaseUrl(ownerUrl: string, user: string, password?: string): string {
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(user);
  url.password = password ? encodeURIComponent(password) : '';
  return url.toString();
}

/**
 * As the schema owner (DATABASE_URL): creates the service's schema and extensions (TypeORM creates
 * neither), checks the database's ctype handles Chinese, runs pending migrations, and grants the
 * application role what the service needs at run time. Returns the URL the service then connects
 * with: the application role's, or the owner's when the two are the same role (development only).
 */
export async function prepareDatabase(options: DatabaseOptions & { appRole: AppRoleOptions }, logger?: Logger): Promise<string> {
  const owner = createDataSource({ ...options, poolSize: 1 });
  await owner.initialize();
  try {
    const schema = options.schema;
    await owner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    for (const extension of ['pgcrypto', ...(options.extensions ?? [])]) {
      await owner.query(`CREATE EXTENSION IF NOT EXISTS ${extension}`).catch(async (error: { code?: string }) => {
        // Two services starting together may both try to create the same extension.
        if (error.code !== '23505' && error.code !== '42710') throw error;
      });
    }
    const [{ datctype }] = await owner.query('SELECT datctype FROM pg_database WHERE datname = current_database()');
    if (!/utf-?8/i.test(datctype)) {
      throw new Error(
        `database ctype is ${datctype}: Chinese text search needs a UTF-8 ctype. Recreate the database with LC_CTYPE 'C.UTF-8'.`,
      );
    }
    // Replicas starting together on an empty database migrate one at a time: the rest wait here,
    // then find nothing pending. (One connection in this pool, so the session lock holds throughout.)
    await owner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${schema}`]);
    try {
      const applied = await owner.runMigrations({ transaction: 'each' });
      if (applied.length) logger?.info('migrations applied', { schema, migrations: applied.map((m) => m.name) });
    } finally {
      await owner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrate:${schema}`]);
    }

    const { user, password, production } = options.appRole;
    const [{ current_user: ownerRole }] = await owner.query('SELECT current_user');
    if (user === ownerRole) {
      if (production)
        throw new Error(`DATABASE_APP_USER is the schema owner "${user}": production runs as a role that cannot rewrite the audit trail`);
      logger?.warn('running as the schema owner: the audit trail is not protected from this service', { schema, role: user });
      return options.url;
    }
    await ensureAppRole(owner, options.appRole);
    await grantAppRole(owner, schema, user);
    return appDatabaseUrl(options.url, user, password);
  } finally {
    await owner.destroy();
  }
}

async function ensureAppRole(owner: DataSource, role: AppRoleOptions): Promise<void> {
  const found = await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.user]);
  if (found.length) return;
  if (role.production) {
    throw new Error(
      `database role "${role.user}" (DATABASE_APP_USER) does not exist: an administrator creates it once ` +
        `(CREATE ROLE ${escapeIdentifier(role.user)} LOGIN PASSWORD '…'); the service grants it what it needs at each start`,
    );
  }
  const password = role.password ? ` PASSWORD ${escapeLiteral(role.password)}` : '';
  await owner.query(`CREATE ROLE ${escapeIdentifier(role.user)} LOGIN${password}`).catch((error: { code?: string }) => {
    // Services starting together (or test files on one server) may create it at the same moment.
    if (error.code !== '42710' && error.code !== '23505') throw error;
  });
}

/**
 * Grants the application role, in one transaction and re-run at every start: data access to every
 * table and sequence of the schema, but only SELECT and INSERT on audit_log; CONNECT and CREATE on
 * the database (the rebuild checks fold events into scratch schemas of their own). Tables the
 * owner creates later in the schema get the same grants by default.
 */
async function grantAppRole(owner: DataSource, schema: string, user: string): Promise<void> {
  const s = escapeIdentifier(schema);
  const role = escapeIdentifier(user);
  await owner.transaction(async (tx) => {
    // Serialises the grants of services starting together (concurrent GRANTs on one object fail).
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('petition:grant-app-role'))`);
    const [{ db }] = await tx.query('SELECT current_database() AS db');
    await tx.query(`GRANT CONNECT, CREATE ON DATABASE ${escapeIdentifier(db)} TO ${role}`);
    await tx.query(`GRANT USAGE ON SCHEMA ${s} TO ${role}`);
    await tx.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${role}`);
    await tx.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${role}`);
    await tx.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`);
    await tx.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${role}`);
    const [audit] = await tx.query(`SELECT to_regclass($1) AS t`, [`${s}.audit_log`]);
    if (audit?.t) {
      // Append-only for the application: it reads the chain's last link and adds records, nothing else.
      await tx.query(`REVOKE ALL ON ${s}.audit_log FROM ${role}`);
      await tx.query(`GRANT SELECT, INSERT ON ${s}.audit_log TO ${role}`);
      // nextval only: setval could renumber the chain.
      await tx.query(`REVOKE ALL ON SEQUENCE ${s}.audit_log_seq FROM ${role}`);
      await tx.query(`GRANT USAGE ON SEQUENCE ${s}.audit_log_seq TO ${role}`);
    }
  });
}
