import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Service } from '@clmb/common';
import { loadConfig as gymsConfig } from '@clmb/gyms/config';
import { startService as startGyms } from '@clmb/gyms/service';
import { builders, countingRequestStatements, createTestDatabase, freePort, generateSigningKeys, type Gql, gqlAt, startProcess, waitForReady } from '@clmb/testkit';
import { loadConfig as usersConfig } from '@clmb/users/config';
import { startService as startUsers } from '@clmb/users/service';
import { loadConfig as routerConfig } from '../src/config';
import { startRouter } from '../src/service';

// Every service gets the router's shared secret, as in production.
const quiet = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'test', SUBGRAPH_SECRET: randomBytes(32).toString('hex') };

type SubgraphName = 'users' | 'gyms';

interface SupergraphOptions {
  /** Extra router environment, e.g. a short SUBGRAPH_TIMEOUT_MS. */
  routerEnv?: Record<string, string>;
  /** Where the router finds each subgraph, given where they listen: e.g. through a fault proxy. */
  routerUrls?: (urls: Record<SubgraphName, string>) => Promise<Record<SubgraphName, string>>;
  /** Keep embedded databases on disk, so `restart` finds the data again (Postgres always does). */
  restartable?: boolean;
  /** Extra users service environment, e.g. a low LOGIN_MAX_FAILURES_PER_ACCOUNT or DB_POOL_MAX, SMTP_URL of a mail catcher, Google sign-in. */
  usersEnv?: Record<string, string>;
}

/**
 * Both subgraphs and the router as real HTTP servers on free ports, each subgraph on its own
 * throwaway database, wired together exactly as in production. Every SQL statement each service
 * sends is recorded, so tests can count them.
 */
export async function startSupergraph(options: SupergraphOptions = {}) {
  const keys = await generateSigningKeys();
  const databases = { gyms: await createTestDatabase('gyms'), users: await createTestDatabase('users') };
  const dataDir = options.restartable ? await mkdtemp(join(tmpdir(), 'clmb-e2e-')) : undefined;
  const databaseEnv = (name: SubgraphName) =>
    dataDir && databases[name].kind === 'pglite' ? { PGLITE_DIR: join(dataDir, name) } : databases[name].env;
  const statements = { gyms: [] as string[], users: [] as string[] };
  // Users starts after gyms (it is told where gyms listens), and gyms asks users for token revocations.
  const usersPort = String(await freePort());
  const env: Record<SubgraphName, Record<string, string>> = {
    gyms: {
      ...quiet,
      ...databaseEnv('gyms'),
      JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY,
      SEED_DEMO_DATA: 'false',
      USERS_URL: `http://${quiet.HOST}:${usersPort}/graphql`,
    },
    // The users seed gives us admin@clmb.dev, the only way to an ADMIN account through the API.
    // Mail (no SMTP_URL here) goes to an outbox outside the repository.
    users: { ...quiet, ...databaseEnv('users'), ...keys, SEED_DEMO_DATA: 'true', MAIL_OUTBOX_DIR: join(tmpdir(), 'clmb-e2e-outbox'), ...options.usersEnv },
  };
  const start = (name: SubgraphName, port = '0'): Promise<Service> =>
    name === 'gyms'
      ? startGyms(gymsConfig({ ...env.gyms, PORT: port }), { onQuery: countingRequestStatements((sql) => statements.gyms.push(sql)) })
      : startUsers(usersConfig({ ...env.users, PORT: port }), { onQuery: countingRequestStatements((sql) => statements.users.push(sql)) });
  const services: Record<SubgraphName, Service> = { gyms: await start('gyms') } as Record<SubgraphName, Service>;
  env.users['GYMS_URL'] = `${services.gyms.url}/graphql`;
  services.users = await start('users', usersPort);
  const direct = { users: `${services.users.url}/graphql`, gyms: `${services.gyms.url}/graphql` };
  const routed = options.routerUrls ? await options.routerUrls(direct) : direct;
  /** A router over these subgraphs; `startSupergraph` starts one, tests may start more (e.g. in production mode). */
  const startExtraRouter = (extraEnv: Record<string, string> = {}) =>
    startRouter(
      routerConfig({ ...quiet, JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY, USERS_URL: routed.users, GYMS_URL: routed.gyms, ...options.routerEnv, ...extraEnv }),
    );
  /** The router's production entrypoint as a process of its own over these subgraphs (its log in `process.output`). */
  const startRouterProcess = async (extraEnv: Record<string, string> = {}) => {
    const port = await freePort();
    const routerProcess = startProcess('router/src/index.ts', {
      NODE_OPTIONS: '--import tsx',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      APOLLO_TELEMETRY_DISABLED: '1',
      JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY,
      SUBGRAPH_SECRET: quiet.SUBGRAPH_SECRET,
      USERS_URL: routed.users,
      GYMS_URL: routed.gyms,
      ...extraEnv,
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForReady(`${baseUrl}/ready`, routerProcess);
    const stop = async () => {
      routerProcess.child.kill('SIGTERM');
      await routerProcess.exited;
    };
    return { baseUrl, url: `${baseUrl}/graphql`, process: routerProcess, stop };
  };
  const router = await startExtraRouter();
  const url = `${router.url}/graphql`;
  const request: Gql = gqlAt(url);
  return {
    url,
    baseUrl: router.url,
    keys,
    /** Each subgraph's database, for a test that acts on it directly (holds a lock, as another transaction would). */
    databases,
    subgraphSecret: quiet.SUBGRAPH_SECRET,
    services,
    statements,
    startExtraRouter,
    startRouterProcess,
    /** Sends an operation through the router, like an app. */
    request,
    /** Fixture builders through the router: the test kit's, as an app or a setter would call it. */
    build: builders(request),
    /** Starts a stopped subgraph again on its old port and database, as a redeploy would. */
    restart: async (name: SubgraphName) => {
      await services[name].stop();
      services[name] = await start(name, String(services[name].port));
    },
    stop: async () => {
      await router.stop();
      await Promise.all([services.users.stop(), services.gyms.stop()]);
      await Promise.all([databases.users.drop(), databases.gyms.drop()]);
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type Supergraph = Awaited<ReturnType<typeof startSupergraph>>;
