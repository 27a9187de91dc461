import { randomBytes } from 'node:crypto';
import { loadConfig as gymsConfig } from '@clmb/gyms/config';
import { startService as startGyms } from '@clmb/gyms/service';
import { createTestDatabase, generateSigningKeys, graphql } from '@clmb/testkit';
import { loadConfig as usersConfig } from '@clmb/users/config';
import { startService as startUsers } from '@clmb/users/service';
import { loadConfig as routerConfig } from '../src/config';
import { startRouter } from '../src/service';

// Every service gets the router's shared secret, as in production.
const quiet = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'test', SUBGRAPH_SECRET: randomBytes(32).toString('hex') };

/**
 * Both subgraphs and the router as real HTTP servers on free ports, each subgraph on its own
 * throwaway database, wired together exactly as in production. Every SQL statement each service
 * sends is recorded, so tests can count them.
 */
export async function startSupergraph() {
  const keys = await generateSigningKeys();
  const databases = { gyms: await createTestDatabase('gyms'), users: await createTestDatabase('users') };
  const statements = { gyms: [] as string[], users: [] as string[] };
  const gyms = await startGyms(
    gymsConfig({ ...quiet, ...databases.gyms.env, JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY, SEED_DEMO_DATA: 'false' }),
    { onQuery: (sql) => statements.gyms.push(sql) },
  );
  const users = await startUsers(
    // The users seed gives us admin@clmb.dev, the only way to an ADMIN account through the API.
    usersConfig({ ...quiet, ...databases.users.env, ...keys, GYMS_URL: `${gyms.url}/graphql`, SEED_DEMO_DATA: 'true' }),
    { onQuery: (sql) => statements.users.push(sql) },
  );
  const router = await startRouter(
    routerConfig({
      ...quiet,
      JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY,
      USERS_URL: `${users.url}/graphql`,
      GYMS_URL: `${gyms.url}/graphql`,
    }),
  );
  const url = `${router.url}/graphql`;
  return {
    url,
    baseUrl: router.url,
    keys,
    subgraphSecret: quiet.SUBGRAPH_SECRET,
    services: { gyms, users },
    statements,
    /** Sends an operation through the router, like an app. */
    request: (query: string, variables?: Record<string, unknown>, token?: string) =>
      graphql(url, query, variables, token),
    stop: async () => {
      await router.stop();
      await Promise.all([users.stop(), gyms.stop()]);
      await Promise.all([databases.users.drop(), databases.gyms.drop()]);
    },
  };
}

export type Supergraph = Awaited<ReturnType<typeof startSupergraph>>;
