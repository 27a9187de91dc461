/**
 * The bench's two databases, made for this run and dropped after it: on Postgres two fresh
 * databases (the services and the baseline reach them through the counting proxy); on PGlite two
 * data directories, plus a copy of each for the baseline (PGlite is single-process).
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';

export type Service = 'users' | 'gyms';

export interface BenchDatabases {
  kind: 'postgres' | 'pglite';
  /** Environment for a subgraph (DATABASE_URL or PGLITE_DIR), given the port SQL should go through. */
  serviceEnv(service: Service, sqlPort?: number): Record<string, string>;
  /** What the baseline opens: a URL, or its own PGlite copy (made by `copyForBaseline`). */
  baselineLocation(service: Service, sqlPort?: number): string;
  /** Where to write to a database directly while no service holds it: its URL (no proxy), or the PGlite directory. */
  location(service: Service): string;
  /** PGlite: copies the seeded data directories while no process holds them. */
  copyForBaseline(): Promise<void>;
  /** The Postgres server's address, for the counting proxy. */
  server?: { host: string; port: number };
  /** Postgres backends serving connections to these databases (their CPU is the database's cost). */
  backendPids(): Promise<number[]>;
  /**
   * Resolves once no statement runs on these databases (at most 30 s): a target's requests still
   * running when its load stopped (a slow baseline query) are not billed to the next target.
   */
  quiet(): Promise<void>;
  drop(): Promise<void>;
}

export async function createDatabases(serverUrl: string | undefined): Promise<BenchDatabases> {
  const services: Service[] = ['users', 'gyms'];
  if (!serverUrl) {
    const root = await mkdtemp(join(tmpdir(), 'clmb-bench-'));
    const dir = (service: Service, copy = false) => join(root, copy ? `${service}-baseline` : service);
    return {
      kind: 'pglite',
      serviceEnv: (service) => ({ PGLITE_DIR: dir(service) }),
      baselineLocation: (service) => dir(service, true),
      location: (service) => dir(service),
      copyForBaseline: async () => {
        for (const service of services) await cp(dir(service), dir(service, true), { recursive: true });
      },
      backendPids: async () => [],
      quiet: async () => {},
      drop: () => rm(root, { recursive: true, force: true }),
    };
  }
  const suffix = randomBytes(4).toString('hex');
  const names = { users: `clmb_bench_users_${suffix}`, gyms: `clmb_bench_gyms_${suffix}` };
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  for (const service of services) await admin.unsafe(`create database "${names[service]}"`);
  const server = new URL(serverUrl);
  const urlOf = (service: Service, sqlPort?: number) => {
    const url = new URL(serverUrl);
    url.pathname = `/${names[service]}`;
    if (sqlPort) url.port = String(sqlPort);
    return url.toString();
  };
  return {
    kind: 'postgres',
    serviceEnv: (service, sqlPort) => ({ DATABASE_URL: urlOf(service, sqlPort) }),
    baselineLocation: urlOf,
    location: (service) => urlOf(service),
    copyForBaseline: async () => {},
    server: { host: server.hostname, port: Number(server.port || 5432) },
    backendPids: async () =>
      // Client backends only: an autovacuum worker (after the writes) would bill whichever target runs then.
      (await admin`select pid from pg_stat_activity where datname in ${admin(Object.values(names))} and backend_type = 'client backend'`).map(
        (row) => row['pid'] as number,
      ),
    quiet: async () => {
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
        const [row] = await admin`select count(*)::int as running from pg_stat_activity
          where datname in ${admin(Object.values(names))} and backend_type = 'client backend' and state = 'active' and pid <> pg_backend_pid()`;
        if (row?.['running'] === 0) return;
      }
    },
    drop: async () => {
      for (const service of services) await admin.unsafe(`drop database if exists "${names[service]}" with (force)`);
      await admin.end();
    },
  };
}
