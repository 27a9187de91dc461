import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type Column, type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { StatementObserver, watchStatements } from './db-observer';

/** Both drivers expose the same query builder; code above this file never knows which one runs. */
export type Database<TSchema extends Record<string, unknown>> = PgDatabase<PgQueryResultHKT, TSchema>;

/**
 * A hot read built once per database and sent as a named prepared statement: drizzle does not
 * rebuild it (its per-call entity checks were a twentieth of a subgraph's CPU), and postgres.js
 * neither asks Postgres to parse and describe it before binding, one extra round trip per
 * statement, nor Postgres to plan it anew each time. Values go in as placeholders (`anyOf`).
 */
export function preparedPerDatabase<TDb extends object, TQuery>(build: (db: TDb) => TQuery): (db: TDb) => TQuery {
  const built = new WeakMap<TDb, TQuery>();
  return (db) => {
    const known = built.get(db);
    if (known) return known;
    const query = build(db);
    built.set(db, query);
    return query;
  };
}

/**
 * The rows of a raw statement (`db.execute`), whichever driver runs it: PGlite answers
 * `{ rows }`, postgres-js the rows themselves. `R` is the caller's word for what the SQL selects.
 */
// biome-ignore lint/suspicious/noExplicitAny: any service's database (or transaction).
export async function executeRows<R>(db: Database<any>, query: SQL): Promise<R[]> {
  const result = await db.execute(query);
  return ((result as { rows?: unknown[] }).rows ?? (result as unknown[])) as R[];
}

/**
 * `column = any($placeholder)`: one statement text (one prepared statement) for any number of
 * values, where drizzle's `inArray` makes a new `in ($1, …, $n)` text for each count.
 */
export const anyOf = (column: Column, placeholder: string): SQL => sql`${column} = any(${sql.placeholder(placeholder)})`;

export interface DatabaseHandle<TSchema extends Record<string, unknown>> {
  db: Database<TSchema>;
  driver: 'postgres' | 'pglite';
  /** Applies the service's committed migrations; the journal lives in the service's own schema. */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions<TSchema extends Record<string, unknown>> {
  /** Postgres connection string; without it, embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; without it (and without `url`) the database lives in memory. */
  dataDir?: string | undefined;
  /** The Postgres schema the service owns, which also holds its migrations journal. */
  service: string;
  schema: TSchema;
  migrationsFolder: string;
  maxConnections?: number;
  /** Postgres only: how long a statement may run, wait for a lock, or a transaction sit idle (ms, 0 = no limit). */
  timeouts?: DatabaseTimeouts;
  /** Called once per SQL statement sent: query logging, and statement counting in tests. */
  onQuery?: (query: string, params: unknown[]) => void;
}

export interface DatabaseTimeouts {
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
}

export async function openDatabase<TSchema extends Record<string, unknown>>(
  options: DatabaseOptions<TSchema>,
): Promise<DatabaseHandle<TSchema>> {
  const connections = options.url ? (options.maxConnections ?? 10) : 1;
  // Always there: it feeds the pool gauges, the SQL spans and `onQuery`.
  const logger = new StatementObserver(options.service, connections, options.onQuery);
  const unwatch = watchStatements(logger);
  const migrationConfig = {
    migrationsFolder: options.migrationsFolder,
    migrationsSchema: options.service,
    migrationsTable: '__drizzle_migrations',
  };

  if (options.url) {
    const { url, timeouts } = options;
    const client = postgres(url, {
      max: connections,
      onnotice: () => {},
      // While the database is unreachable, fail a request after 5 s rather than postgres.js's 30 s.
      connect_timeout: 5,
      // Set on every connection of the pool as it opens: a request waiting on a lock or a runaway
      // statement gives its connection back with an error, instead of holding it until the
      // router has long given up (DB_POOL_MAX such requests would starve everyone else).
      connection: {
        application_name: `clmb-${options.service}`,
        ...(timeouts && {
          statement_timeout: timeouts.statementMs,
          lock_timeout: timeouts.lockMs,
          idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
        }),
      },
    });
    const db = drizzlePostgres(client, { schema: options.schema, logger });
    return {
      db,
      driver: 'postgres',
      // On a connection of its own without the pool's timeouts: a migration may rewrite a table for minutes.
      migrate: async () => {
        const own = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5, connection: { application_name: `clmb-${options.service}-migrate` } });
        try {
          await migratePostgres(drizzlePostgres(own, { schema: options.schema, logger }), migrationConfig);
        } finally {
          await own.end({ timeout: 5 });
        }
      },
      ping: async () => {
        await client`select 1`;
      },
      close: () => {
        unwatch();
        return client.end({ timeout: 5 });
      },
    };
  }

  const client = isInMemory(options.dataDir) ? await PGlite.create({ loadDataDir: await freshCluster() }) : await PGlite.create(options.dataDir);
  const db = drizzlePglite(client, { schema: options.schema, logger });
  return {
    db,
    driver: 'pglite',
    migrate: () => migratePglite(db, migrationConfig),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => {
      unwatch();
      return client.close();
    },
  };
}

const isInMemory = (dataDir: string | undefined): boolean => !dataDir || dataDir.startsWith('memory://');

/**
 * A fresh PGlite cluster costs about 1.5 s of CPU to initialise; one loaded from a dump of a fresh
 * cluster about 0.4 s. In-memory databases (every test opens a few) start from such a dump, made
 * once per PGlite version and kept in the OS's temporary directory, read once per process. Only a
 * dump this user wrote is loaded; it is written under a temporary name and renamed, so a process
 * never reads another's half-written dump.
 */
let freshClusterDump: Promise<Blob> | undefined;
const freshCluster = (): Promise<Blob> => (freshClusterDump ??= keptFreshCluster());

async function keptFreshCluster(): Promise<Blob> {
  const packageDir = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite/initdb.wasm')), '..');
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const file = join(tmpdir(), `clmb-pglite-${version}-fresh-cluster.tar`);
  const mine = await stat(file).then((kept) => kept.uid === process.getuid?.(), () => false);
  const kept = mine ? await readFile(file).catch(() => undefined) : undefined;
  if (kept) return new Blob([kept]);
  const cluster = await PGlite.create();
  const dump = await cluster.dumpDataDir('none');
  await cluster.close();
  const partial = `${file}.${process.pid}.partial`;
  // Keeping it is only a saving: a read-only or full temporary directory costs the next process 1.5 s.
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 })
    .then(() => rename(partial, file))
    .catch(() => rm(partial, { force: true }));
  return dump;
}
