import { randomBytes } from 'node:crypto';
import { SUBGRAPH_SECRET_HEADER } from '@clmb/common';
import {
  freePort,
  generateSigningKeys,
  graphql,
  type Process,
  repoRoot,
  run,
  startProcess,
  testDatabaseUrl,
  waitForReady,
} from '@clmb/testkit';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const serverUrl = testDatabaseUrl();
const prefix = `clmb_e2e_${randomBytes(3).toString('hex')}_`;

/**
 * The three services exactly as their images run them: built bundles, NODE_ENV=production, a
 * real Postgres provisioned by the compose init script (one role and database per service), the
 * migrations as a separate step, then the climber journey through the router and SIGTERM while
 * requests are in flight. Embedded PGlite cannot stand in for this, so without
 * TEST_DATABASE_URL the suite is skipped (and says so).
 */
describe.skipIf(!serverUrl)('production entrypoints as processes on Postgres (skipped without TEST_DATABASE_URL)', () => {
  const server = new URL(serverUrl ?? 'postgres://unused');
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
  const passwords = { users: randomBytes(12).toString('hex'), gyms: randomBytes(12).toString('hex') };
  const databaseUrl = (service: 'users' | 'gyms') => {
    const url = new URL(server);
    url.username = `${prefix}${service}`;
    url.password = passwords[service];
    url.pathname = `/${prefix}${service}`;
    return url.toString();
  };
  const ports = { users: 0, gyms: 0, router: 0 };
  const processes: Partial<Record<keyof typeof ports, Process>> = {};
  let keys: { JWT_PRIVATE_KEY: string; JWT_PUBLIC_KEY: string };
  const routerUrl = () => `http://127.0.0.1:${ports.router}/graphql`;
  const production = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    APOLLO_TELEMETRY_DISABLED: '1',
    SUBGRAPH_SECRET: randomBytes(32).toString('hex'),
  };
  const env = {
    gyms: () => ({ ...production, PORT: String(ports.gyms), DATABASE_URL: databaseUrl('gyms'), JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY }),
    users: () => ({
      ...production,
      ...keys,
      PORT: String(ports.users),
      DATABASE_URL: databaseUrl('users'),
      GYMS_URL: `http://127.0.0.1:${ports.gyms}/graphql`,
    }),
    router: () => ({
      ...production,
      PORT: String(ports.router),
      JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY,
      USERS_URL: `http://127.0.0.1:${ports.users}/graphql`,
      GYMS_URL: `http://127.0.0.1:${ports.gyms}/graphql`,
    }),
  };
  const entry = { users: 'subgraphs/users/dist/index.js', gyms: 'subgraphs/gyms/dist/index.js', router: 'router/dist/index.js' };

  async function dropProvisioned() {
    for (const service of ['users', 'gyms']) {
      await admin.unsafe(`drop database if exists "${prefix}${service}" with (force)`);
      await admin.unsafe(`drop role if exists "${prefix}${service}"`);
    }
  }

  beforeAll(async () => {
    keys = await generateSigningKeys();
    for (const service of ['users', 'gyms', 'router']) {
      await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts', service], { cwd: repoRoot });
    }
    await run('bash', ['docker/postgres-init/10-service-databases.sh'], {
      cwd: repoRoot,
      env: {
        PATH: process.env['PATH'] ?? '',
        PGHOST: server.hostname,
        PGPORT: server.port || '5432',
        PGPASSWORD: decodeURIComponent(server.password),
        POSTGRES_USER: decodeURIComponent(server.username) || 'postgres',
        POSTGRES_DB: server.pathname.slice(1) || 'postgres',
        CLMB_DB_PREFIX: prefix,
        USERS_DB_PASSWORD: passwords.users,
        GYMS_DB_PASSWORD: passwords.gyms,
      },
    });
    for (const service of ['users', 'gyms'] as const) {
      const migrate = startProcess(`subgraphs/${service}/dist/migrate.js`, env[service]());
      expect(await migrate.exited, migrate.output.join('')).toBe(0);
    }
    for (const service of ['gyms', 'users', 'router'] as const) {
      ports[service] = await freePort();
      processes[service] = startProcess(entry[service], env[service]());
    }
    await waitForReady(`http://127.0.0.1:${ports.router}/ready`, processes.router!);
  }, 120_000);

  afterAll(async () => {
    for (const p of Object.values(processes)) p?.child.kill('SIGKILL');
    await dropProvisioned();
    await admin.end();
  });

  it('keeps each service in its own database: the users role cannot reach the gyms data', async () => {
    const asUsers = postgres(databaseUrl('users').replace(`/${prefix}users`, `/${prefix}gyms`), { max: 1, onnotice: () => {} });
    await expect(asUsers`select 1 from gyms.gym`).rejects.toThrow(/permission denied/);
    await asUsers.end();
  });

  it('subgraphs answer only requests carrying the router secret', async () => {
    const gymsUrl = `http://127.0.0.1:${ports.gyms}/graphql`;
    const direct = await graphql(gymsUrl, /* GraphQL */ `query { gradeSystems { name } }`);
    const forged = await graphql(gymsUrl, /* GraphQL */ `query { gradeSystems { name } }`, {}, undefined, { [SUBGRAPH_SECRET_HEADER]: 'guess' });
    for (const res of [direct, forged]) expect({ status: res.status, code: res.errors?.[0]?.extensions?.['code'] }).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('refuses to start without DATABASE_URL, naming it', async () => {
    const { DATABASE_URL: _, ...withoutDatabase } = env.gyms();
    const gyms = startProcess(entry.gyms, { ...withoutDatabase, PORT: '0' });
    expect(await gyms.exited).toBe(1);
    expect(gyms.output.join('')).toContain('DATABASE_URL: is required when NODE_ENV=production');
  });

  it('has no Sandbox, no introspection and no demo accounts', async () => {
    const page = await fetch(routerUrl(), { headers: { accept: 'text/html' } });
    expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({ status: 400, type: expect.stringContaining('application/json') });
    const introspection = await graphql(routerUrl(), /* GraphQL */ `query { __schema { types { name } } }`);
    expect(introspection.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const demo = await graphql(routerUrl(), /* GraphQL */ `mutation { logIn(input: { email: "admin@clmb.dev", password: "clmb-demo" }) { accessToken } }`);
    expect(demo.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  let climberToken: string;
  let gymId: string;

  it('runs the climber journey through the router', async () => {
    const signUp = (username: string) =>
      graphql(routerUrl(), /* GraphQL */ `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { accessToken user { id } } }`, {
        input: { email: `${username}@example.com`, username, password: 'a long password' },
      });
    const setter = await signUp('setter');
    // Roles are granted by an operator, not through the API.
    const usersDb = postgres(databaseUrl('users'), { max: 1 });
    await usersDb`update users."user" set role = 'SETTER' where id = ${setter.data!['signUp'].user.id}`;
    await usersDb.end();
    const setterToken = (
      await graphql(routerUrl(), /* GraphQL */ `mutation LogIn($input: LogInInput!) { logIn(input: $input) { accessToken } }`, {
        input: { email: 'setter@example.com', password: 'a long password' },
      })
    ).data!['logIn'].accessToken as string;

    const system = await graphql(routerUrl(), /* GraphQL */ `mutation CreateGradeSystem($input: CreateGradeSystemInput!) { createGradeSystem(input: $input) { id grades { id } } }`,
      { input: { name: 'V-scale', grades: [{ value: 'V0', difficultyOrder: 0 }, { value: 'V1', difficultyOrder: 1 }] } }, setterToken);
    const gym = await graphql(routerUrl(), /* GraphQL */ `mutation CreateGym($input: CreateGymInput!) { createGym(input: $input) { id } }`,
      { input: { name: 'The Depot', address: '1 Mill Lane', city: 'Manchester', country: 'United Kingdom', latitude: 53.48, longitude: -2.24, gradeSystemId: system.data!['createGradeSystem'].id } }, setterToken);
    gymId = gym.data!['createGym'].id;
    const route = await graphql(routerUrl(), /* GraphQL */ `mutation CreateRoute($input: CreateRouteInput!) { createRoute(input: $input) { id } }`,
      { input: { gymId, gradeId: system.data!['createGradeSystem'].grades[1].id, colour: 'green' } }, setterToken);

    climberToken = (await signUp('climber')).data!['signUp'].accessToken;
    const session = await graphql(routerUrl(), /* GraphQL */ `mutation StartSession($input: StartSessionInput!) { startSession(input: $input) { id } }`,
      { input: { gymId, startTime: '2026-11-27T10:00:00.000Z' } }, climberToken);
    const sessionId = session.data!['startSession'].id;
    await graphql(routerUrl(), /* GraphQL */ `mutation LogClimb($input: LogClimbInput!) { logClimb(input: $input) { id } }`,
      { input: { sessionId, routeId: route.data!['createRoute'].id, attempts: 2, sent: true, style: 'REDPOINT' } }, climberToken);
    await graphql(routerUrl(), /* GraphQL */ `mutation EndSession($input: EndSessionInput!) { endSession(input: $input) { id } }`,
      { input: { id: sessionId, endTime: '2026-11-27T11:15:00.000Z' } }, climberToken);

    const logbook = await graphql(routerUrl(), LOGBOOK, {}, climberToken);
    expect(logbook).toEqual({
      status: 200,
      data: { me: { sessions: { edges: [{ node: { duration: 'PT1H15M', gym: { name: 'The Depot' }, climbs: [{ sent: true, route: { colour: 'green', grade: { value: 'V1' } } }] } }] } } },
    });
  });

  it('finishes the requests in flight when the router gets SIGTERM, and takes no new ones', async () => {
    const router = processes.router!;
    const gyms = processes.gyms!;
    // Holding gyms keeps every logbook request waiting inside the router.
    gyms.child.kill('SIGSTOP');
    const inFlight = Array.from({ length: 10 }, () => graphql(routerUrl(), LOGBOOK, {}, climberToken));
    // Time for the requests to reach the held process; generous so a slow machine does not flake.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    router.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await fetch(routerUrl(), { method: 'POST' }).then(() => 'answered', () => 'refused');
    gyms.child.kill('SIGCONT');
    const results = await Promise.all(inFlight);
    expect(results.map((r) => ({ status: r.status, errors: r.errors }))).toEqual(Array(10).fill({ status: 200, errors: undefined }));
    expect(refused).toBe('refused');
    expect(await router.exited).toBe(0);
  });

  it('finishes the requests in flight when a subgraph gets SIGTERM, then closes its pool and exits 0', async () => {
    const users = processes.users!;
    const gyms = processes.gyms!;
    // startSession waits on the gyms check while gyms is held: these are in flight in users.
    gyms.child.kill('SIGSTOP');
    const inFlight = Array.from({ length: 5 }, () =>
      graphql(`http://127.0.0.1:${ports.users}/graphql`, /* GraphQL */ `mutation StartSession($input: StartSessionInput!) { startSession(input: $input) { id } }`, { input: { gymId } }, climberToken, {
        [SUBGRAPH_SECRET_HEADER]: production.SUBGRAPH_SECRET,
      }),
    );
    // Time for the requests to reach the held process; generous so a slow machine does not flake.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    users.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    gyms.child.kill('SIGCONT');
    const results = await Promise.all(inFlight);
    expect(results.map((r) => ({ status: r.status, errors: r.errors }))).toEqual(Array(5).fill({ status: 200, errors: undefined }));
    expect(await users.exited).toBe(0);
    gyms.child.kill('SIGTERM');
    expect(await gyms.exited).toBe(0);
  });
});

const LOGBOOK = /* GraphQL */ `
  query Logbook {
    me { sessions(first: 5) { edges { node { duration gym { name } climbs { sent route { colour grade { value } } } } } } }
  }
`;
