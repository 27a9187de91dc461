import { randomBytes } from 'node:crypto';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, SUBGRAPH_SECRET_HEADER } from '@clmb/common';
import { builders, gqlAt, graphql, LOG_IN, startProcess, testDatabaseUrl } from '@clmb/testkit';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionStack } from './production-stack';

const serverUrl = testDatabaseUrl();

/**
 * The three services exactly as their images run them (see `productionStack`), then the climber
 * journey through the router and SIGTERM while requests are in flight. Embedded PGlite cannot
 * stand in for this, so without TEST_DATABASE_URL the suite is skipped (and says so).
 */
describe.skipIf(!serverUrl)('production entrypoints as processes on Postgres (skipped without TEST_DATABASE_URL)', () => {
  const stack = productionStack(serverUrl ?? 'postgres://unused');
  const { databaseUrl, processes, env, entry } = stack;
  const routerUrl = () => stack.graphqlUrl('router');

  beforeAll(() => stack.start(), 120_000);
  afterAll(() => stack.stop());

  /** Every password, token and hash this run used: none may appear in any service's log. */
  const secrets = new Map<string, string>();
  const remember = (kind: string, ...values: (string | undefined | null)[]) => {
    for (const value of values) if (value) secrets.set(value, kind);
  };

  it('keeps each service in its own database: the users role cannot reach the gyms data', async () => {
    const asUsers = postgres(databaseUrl('users').replace(`/${stack.prefix}users`, `/${stack.prefix}gyms`), { max: 1, onnotice: () => {} });
    await expect(asUsers`select 1 from gyms.gym`).rejects.toThrow(/permission denied/);
    await asUsers.end();
  });

  it('subgraphs answer only requests carrying the router secret', async () => {
    const gymsUrl = stack.graphqlUrl('gyms');
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
    const demo = await graphql(routerUrl(), LOG_IN, { input: { email: DEMO_ACCOUNTS.admin.email, password: DEMO_PASSWORD } });
    expect(demo.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  let climberToken: string;
  let gymId: string;

  it('runs the climber journey through the router', async () => {
    const build = builders(gqlAt(routerUrl()));
    remember('password', 'a long password');
    const setter = await build.user({ username: 'setter', password: 'a long password' });
    // The first ADMIN is made by an operator, not through the API; gyms and grade systems are an ADMIN's.
    const usersDb = postgres(databaseUrl('users'), { max: 1 });
    await usersDb`update users."user" set role = 'ADMIN' where id = ${setter.user.id}`;
    await usersDb.end();
    const setterToken = (await build.logIn('setter@example.com', 'a long password')).accessToken;

    const system = await build.gradeSystem(setterToken, { name: 'V-scale', grades: ['V0', 'V1'] });
    const location = { address: '1 Mill Lane', city: 'Manchester', country: 'United Kingdom', latitude: 53.48, longitude: -2.24 };
    gymId = (await build.gym(setterToken, { name: 'The Depot', ...location, gradeSystemId: system.id })).id;
    const route = await build.route(setterToken, { gymId, gradeId: system.grades[1]!.id, colour: 'green' });

    climberToken = (await build.user({ username: 'climber', password: 'a long password' })).accessToken;
    const session = await build.session(climberToken, { gymId, startTime: '2026-11-27T10:00:00.000Z' });
    await build.climb(climberToken, { sessionId: session.id, routeId: route.id, attempts: 2, sent: true, style: 'REDPOINT' });
    await build.endSession(climberToken, session.id, { endTime: '2026-11-27T11:15:00.000Z' });

    const logbook = await graphql(routerUrl(), LOGBOOK, {}, climberToken);
    expect(logbook).toEqual({
      status: 200,
      data: { me: { sessions: { edges: [{ node: { duration: 'PT1H15M', gym: { name: 'The Depot' }, climbs: [{ sent: true, route: { colour: 'green', grade: { value: 'V1' } } }] } }] } } },
    });
  });

  it('runs the account flows through the router: verify, refresh, change, reset, log out everywhere, and a probing sign-up', async () => {
    const gql = gqlAt(routerUrl());
    const mail = stack.mail();
    const tokenIn = async (to: string, subject: string, since: number) => {
      const token = new URL((await mail.next(to, since, subject)).link ?? 'http://none').searchParams.get('token') ?? '';
      remember('mailed token', token, encodeURIComponent(token));
      return token;
    };
    const auth = (payload: { accessToken: string; refreshToken: string }) => {
      remember('access token', payload.accessToken);
      remember('refresh token', payload.refreshToken);
      return payload;
    };
    const [first, second, third] = Array.from({ length: 3 }, () => `pw-${randomBytes(12).toString('base64url')}`);
    remember('password', first, second, third);
    const seen = mail.received.length;
    const ada = auth(await builders(gql).user({ username: 'ada', password: first }));
    const verify = await gql(/* GraphQL */ `mutation Verify($t: String!) { verifyEmail(input: { token: $t }) { emailVerified } }`, {
      t: await tokenIn('ada@example.com', 'Confirm your email address for clmb', seen),
    }, ada.accessToken);
    expect(verify.data).toEqual({ verifyEmail: { emailVerified: true } });
    // The review's leak: a sign-up that fails in the database, with the password hash a parameter of the failed insert.
    const probe = await gql(/* GraphQL */ `mutation SignUp($input: SignUpInput!) { signUp(input: $input) }`, {
      input: { email: 'ada@example.com', username: 'prober', password: second },
    });
    expect(probe.data).toEqual({ signUp: true });
    const refreshed = await gql(/* GraphQL */ `mutation Refresh($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken } }`, { t: ada.refreshToken });
    auth(refreshed.data?.['refreshToken']);
    const changed = await gql(
      /* GraphQL */ `mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken refreshToken } }`,
      { input: { currentPassword: first, newPassword: second } },
      refreshed.data?.['refreshToken'].accessToken,
    );
    auth(changed.data?.['changePassword']);
    const beforeReset = mail.received.length;
    await gql(/* GraphQL */ `mutation Request($e: String!) { requestPasswordReset(input: { email: $e }) }`, { e: 'ada@example.com' });
    const reset = await gql(/* GraphQL */ `mutation Reset($t: String!, $pw: String!) { resetPassword(input: { token: $t, newPassword: $pw }) }`, {
      t: await tokenIn('ada@example.com', 'Reset your clmb password', beforeReset),
      pw: third,
    });
    expect(reset.data).toEqual({ resetPassword: true });
    const again = auth(await builders(gql).logIn('ada@example.com', third));
    expect((await gql(/* GraphQL */ `mutation Out { logOutEverywhere }`, {}, again.accessToken)).data).toEqual({ logOutEverywhere: true });
    // Wrong passwords and bad tokens are what a log would most likely echo.
    expect((await gql(LOG_IN, { input: { email: 'ada@example.com', password: first } })).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect((await gql(/* GraphQL */ `query Me { me { id } }`, {}, again.accessToken)).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    // The hashes as stored: passwords (argon2id), refresh and mailed tokens (SHA-256).
    const usersDb = postgres(databaseUrl('users'), { max: 1 });
    for (const row of await usersDb`select password_hash as hash from users."user" where password_hash is not null`) remember('password hash', row['hash']);
    for (const row of await usersDb`select token_hash as hash from users.refresh_token union all select token_hash from users.email_token`) remember('token hash', row['hash']);
    await usersDb.end();
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
      graphql(stack.graphqlUrl('users'), /* GraphQL */ `mutation StartSession($input: StartSessionInput!) { startSession(input: $input) { id } }`, { input: { gymId } }, climberToken, {
        [SUBGRAPH_SECRET_HEADER]: stack.secret,
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

  // Run last: the logs of the whole run, start-up to shutdown, at the most verbose level.
  it('logs no password, token or hash the run used, in any service', () => {
    remember('access token', climberToken);
    remember('subgraph secret', stack.secret);
    const logs = Object.entries(processes).map(([name, p]) => [name, p!.output.join('')] as const);
    // The logs are really there: each service logged its start-up.
    for (const [name, text] of logs) expect(text, name).toMatch(/listening/);
    expect([...secrets.values()]).toEqual(expect.arrayContaining(['password', 'access token', 'refresh token', 'mailed token', 'password hash', 'token hash']));
    const leaks = logs.flatMap(([name, text]) => [...secrets].filter(([secret]) => text.includes(secret)).map(([, kind]) => `${kind} in the ${name} log`));
    expect(leaks).toEqual([]);
  });
});

const LOGBOOK = /* GraphQL */ `
  query Logbook {
    me { sessions(first: 5) { edges { node { duration gym { name } climbs { sent route { colour grade { value } } } } } } }
  }
`;
