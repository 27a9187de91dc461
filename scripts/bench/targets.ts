/**
 * The targets, each as its own process(es), started once: the clmb router with its caches on (its
 * default) and off, the stock gateway, Hive Gateway, the subgraphs called directly with the plan's
 * requests, and the hand-written baseline. The subgraphs are shared by every target that needs them.
 */
import { freePort } from '@clmb/testkit';
import { productionNodeOptions } from '../node-options';
import { benchBundle } from './bundle';
import type { Cluster } from './cluster';
import type { BenchDatabases, Service } from './databases';

export type TargetKey = 'router' | 'routerNoCache' | 'stock' | 'hive' | 'direct' | 'baseline';

export interface Target {
  key: TargetKey;
  label: string;
  /** The endpoint a client calls; the direct target replays plans instead. */
  url?: string;
  /** Names of the processes that serve it (their CPU per request is reported). */
  processes: string[];
}

export const TARGET_KEYS: TargetKey[] = ['router', 'routerNoCache', 'stock', 'hive', 'direct', 'baseline'];

const LABELS: Record<TargetKey, string> = {
  router: 'clmb router, caches on',
  routerNoCache: 'clmb router, caches off',
  stock: 'stock @apollo/gateway',
  hive: 'Hive Gateway',
  direct: 'subgraphs called directly',
  baseline: 'hand-written baseline',
};

export interface Setup {
  dbs: BenchDatabases;
  ports: { users: number; gyms: number };
  /** Where SQL goes (the counting proxy's port), on Postgres. */
  sqlPort: number | undefined;
  keys: { JWT_PRIVATE_KEY: string; JWT_PUBLIC_KEY: string };
  secret: string;
  supergraphPath: string;
}

export const subgraphUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;

/** The subgraphs, in production mode (on PGlite `test`: production requires DATABASE_URL). */
export async function startSubgraphs(cluster: Cluster, setup: Setup, mode: 'seed' | 'bench'): Promise<void> {
  const nodeEnv = mode === 'seed' ? 'development' : setup.dbs.kind === 'postgres' ? 'production' : 'test';
  const env = (service: Service, port: number) => ({
    NODE_ENV: nodeEnv,
    NODE_OPTIONS: productionNodeOptions(),
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    APOLLO_TELEMETRY_DISABLED: '1',
    SUBGRAPH_SECRET: setup.secret,
    JWT_PUBLIC_KEY: setup.keys.JWT_PUBLIC_KEY,
    SEED_DEMO_DATA: mode === 'seed' ? 'true' : 'false',
    MIGRATE_ON_START: mode === 'seed' ? 'true' : 'false',
    ...setup.dbs.serviceEnv(service, mode === 'bench' ? setup.sqlPort : undefined),
  });
  const { users, gyms } = setup.ports;
  await cluster.start('gyms', 'subgraphs/gyms/dist/index.js', { ...env('gyms', gyms), USERS_URL: subgraphUrl(users) }, `http://127.0.0.1:${gyms}/ready`);
  await cluster.start(
    'users',
    'subgraphs/users/dist/index.js',
    // Production wants a mail server; nothing the bench sends after seeding mails anyone.
    { ...env('users', users), JWT_PRIVATE_KEY: setup.keys.JWT_PRIVATE_KEY, GYMS_URL: subgraphUrl(gyms), ...(mode === 'bench' && { SMTP_URL: 'smtp://127.0.0.1:2525' }) },
    `http://127.0.0.1:${users}/ready`,
  );
}

export async function startTargets(cluster: Cluster, setup: Setup, keys: TargetKey[]): Promise<Target[]> {
  const base = { NODE_ENV: 'production', HOST: '127.0.0.1', LOG_LEVEL: 'warn', APOLLO_TELEMETRY_DISABLED: '1', SUBGRAPH_SECRET: setup.secret };
  const gateway = { ...base, SUPERGRAPH_PATH: setup.supergraphPath, USERS_URL: subgraphUrl(setup.ports.users), GYMS_URL: subgraphUrl(setup.ports.gyms) };
  const targets: Target[] = [];
  for (const key of keys) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/graphql`;
    const label = LABELS[key];
    const name = key === 'router' ? 'router' : key === 'routerNoCache' ? 'router (no cache)' : key;
    if (key === 'router' || key === 'routerNoCache') {
      // Ten connections of one climber are what the per-client rate limit refuses: off here, it is
      // measured on its own (npm run bench:fairness).
      const env = {
        ...gateway,
        PORT: String(port),
        JWT_PUBLIC_KEY: setup.keys.JWT_PUBLIC_KEY,
        NODE_OPTIONS: productionNodeOptions(),
        RATE_LIMIT_ENABLED: 'false',
        ...(key === 'routerNoCache' && { CACHE_ENABLED: 'false' }),
      };
      await cluster.start(name, 'router/dist/index.js', env, `http://127.0.0.1:${port}/ready`);
      targets.push({ key, label, url, processes: [name, 'users', 'gyms'] });
    } else if (key === 'stock' || key === 'hive') {
      await cluster.start(name, benchBundle(key === 'stock' ? 'stock-gateway' : 'hive-gateway'), { ...gateway, PORT: String(port) }, url, true);
      targets.push({ key, label, url, processes: [name, 'users', 'gyms'] });
    } else if (key === 'baseline') {
      const env = {
        ...base,
        PORT: String(port),
        JWT_PUBLIC_KEY: setup.keys.JWT_PUBLIC_KEY,
        USERS_DATABASE: setup.dbs.baselineLocation('users', setup.sqlPort),
        GYMS_DATABASE: setup.dbs.baselineLocation('gyms', setup.sqlPort),
      };
      await cluster.start(name, benchBundle('baseline'), env, url, true);
      targets.push({ key, label, url, processes: [name] });
    } else {
      targets.push({ key, label, processes: ['users', 'gyms'] });
    }
  }
  return targets;
}
