import { type GymWithRoutes, generateSigningKeys, LOG_IN, signTestToken } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

const START_SESSION = /* GraphQL */ `mutation StartSession($input: StartSessionInput!) { startSession(input: $input) { id } }`;
const LOG_CLIMB = /* GraphQL */ `mutation LogClimb($input: LogClimbInput!) { logClimb(input: $input) { id } }`;
const END_SESSION = /* GraphQL */ `mutation EndSession($input: EndSessionInput!) { endSession(input: $input) { id } }`;
const SESSION = /* GraphQL */ `query Session($id: ID!) { session(id: $id) { id gym { name } } }`;

/** The one error of a response, reduced to what a client branches on. */
const failure = (res: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }) => ({
  code: res.errors?.[0]?.extensions?.['code'],
  field: res.errors?.[0]?.extensions?.['field'],
  count: res.errors?.length,
});

describe('errors and authorization through the router', () => {
  let sg: Supergraph;
  let admin: string;
  let alice: { token: string; id: string };
  let bob: { token: string; id: string };
  let gym: GymWithRoutes;
  let otherGym: GymWithRoutes;
  let aliceSession: string;

  beforeAll(async () => {
    sg = await startSupergraph();
    admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    gym = await sg.build.gymWithRoutes(admin, { slug: 'gym-a', routeCount: 1 });
    otherGym = await sg.build.gymWithRoutes(admin, { slug: 'gym-b', routeCount: 1 });
    const a = await sg.build.user({ username: 'alice' });
    const b = await sg.build.user({ username: 'bob' });
    alice = { token: a.accessToken, id: a.user.id };
    bob = { token: b.accessToken, id: b.user.id };
    aliceSession = (await sg.build.session(alice.token, { gymId: gym.gymId })).id;
  });
  afterAll(() => sg?.stop());

  it('UNAUTHENTICATED: a write without a token', async () => {
    const res = await sg.request(START_SESSION, { input: { gymId: gym.gymId } });
    expect(failure(res)).toEqual({ code: 'UNAUTHENTICATED', field: undefined, count: 1 });
  });

  it('UNAUTHENTICATED (401): a forged, expired or wrong-audience token, before any subgraph is asked', async () => {
    // Signed by a key pair that is not ours, claiming ADMIN.
    const forged = await signTestToken((await generateSigningKeys()).JWT_PRIVATE_KEY, { sub: alice.id, role: 'ADMIN' });
    const expired = await signTestToken(sg.keys.JWT_PRIVATE_KEY, { sub: alice.id, role: 'CLIMBER', expiresAt: Math.floor(Date.now() / 1000) - 60 });
    const audience = await signTestToken(sg.keys.JWT_PRIVATE_KEY, { sub: alice.id, role: 'CLIMBER', audience: 'someone-else' });
    for (const token of [forged, expired, audience, 'not-a-jwt']) {
      const res = await sg.request(/* GraphQL */ `query Me { me { id } }`, {}, token);
      expect({ status: res.status, ...failure(res) }).toEqual({ status: 401, code: 'UNAUTHENTICATED', field: undefined, count: 1 });
    }
  });

  it('FORBIDDEN: a climber creating a gym', async () => {
    const res = await sg.request(
      /* GraphQL */ `mutation CreateGym($input: CreateGymInput!) { createGym(input: $input) { id } }`,
      { input: { name: 'Mine', address: 'x', city: 'x', country: 'x', latitude: 0, longitude: 0, gradeSystemId: gym.grades[0]!.id } },
      alice.token,
    );
    expect(failure(res)).toEqual({ code: 'FORBIDDEN', field: undefined, count: 1 });
  });

  it("FORBIDDEN: reading, ending or logging into another user's session; ADMIN may read it", async () => {
    expect(failure(await sg.request(SESSION, { id: aliceSession }, bob.token))).toMatchObject({ code: 'FORBIDDEN' });
    expect(failure(await sg.request(END_SESSION, { input: { id: aliceSession } }, bob.token))).toMatchObject({ code: 'FORBIDDEN' });
    const climb = { sessionId: aliceSession, routeId: gym.routeIds[0], attempts: 1, sent: true };
    expect(failure(await sg.request(LOG_CLIMB, { input: climb }, bob.token))).toMatchObject({ code: 'FORBIDDEN' });
    const sessions = await sg.request(/* GraphQL */ `query U($id: ID!) { user(id: $id) { username email sessions { totalCount } } }`, { id: alice.id }, bob.token);
    // The public profile still arrives; only the private field is withheld.
    expect(sessions.data).toEqual({ user: { username: 'alice', email: null, sessions: null } });
    expect(failure(sessions)).toMatchObject({ code: 'FORBIDDEN' });
    const asAdmin = await sg.request(SESSION, { id: aliceSession }, admin);
    expect(asAdmin.data).toEqual({ session: { id: aliceSession, gym: { name: 'Gym gym-a' } } });
  });

  it("hides another user's email but shows their public profile", async () => {
    const res = await sg.request(/* GraphQL */ `query U($id: ID!) { user(id: $id) { username email } }`, { id: alice.id }, bob.token);
    expect(res.data).toEqual({ user: { username: 'alice', email: null } });
  });

  it('BAD_USER_INPUT naming the field: unknown gym, route at another gym, malformed id, bad numbers and strings', async () => {
    const unknownGym = await sg.request(START_SESSION, { input: { gymId: '00000000-0000-4000-8000-000000000000' } }, alice.token);
    expect(failure(unknownGym)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.gymId', count: 1 });

    const wrongGym = await sg.request(LOG_CLIMB, { input: { sessionId: aliceSession, routeId: otherGym.routeIds[0], attempts: 1, sent: true } }, alice.token);
    expect(failure(wrongGym)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.routeId', count: 1 });

    const malformed = await sg.request(START_SESSION, { input: { gymId: 'not-a-uuid' } }, alice.token);
    expect(failure(malformed)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.gymId', count: 1 });

    const attempts = await sg.request(LOG_CLIMB, { input: { sessionId: aliceSession, routeId: gym.routeIds[0], attempts: 0, sent: true } }, alice.token);
    expect(failure(attempts)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.attempts', count: 1 });

    const longName = await sg.request(START_SESSION, { input: { gymId: gym.gymId, name: 'x'.repeat(1000) } }, alice.token);
    expect(failure(longName)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.name', count: 1 });

    const ancient = await sg.request(START_SESSION, { input: { gymId: gym.gymId, startTime: '1800-01-01T00:00:00Z' } }, alice.token);
    expect(failure(ancient)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.startTime', count: 1 });

    const malformedQuery = await sg.request(/* GraphQL */ `query Gym($id: ID!) { gym(id: $id) { id } }`, { id: 'nope' });
    expect(failure(malformedQuery)).toMatchObject({ code: 'BAD_USER_INPUT' });

    const duplicate = await sg.request(
      /* GraphQL */ `mutation SignUp($input: SignUpInput!) { signUp(input: $input) }`,
      { input: { email: 'bob2@example.com', username: 'ALICE', password: 'long enough pass' } },
    );
    expect(failure(duplicate)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.username', count: 1 });
  });

  it('NOT_FOUND for a mutation on an unknown id, null for a query on one', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(failure(await sg.request(END_SESSION, { input: { id: missing } }, alice.token))).toEqual({ code: 'NOT_FOUND', field: undefined, count: 1 });
    expect((await sg.request(SESSION, { id: missing }, alice.token)).data).toEqual({ session: null });
    expect((await sg.request(/* GraphQL */ `query Gym($id: ID!) { gym(id: $id) { id } }`, { id: missing })).data).toEqual({ gym: null });
  });

  it('a wrong password and an unknown email fail the same way', async () => {
    const wrong = await sg.request(LOG_IN, { input: { email: 'alice@example.com', password: 'wrong password' } });
    const unknown = await sg.request(LOG_IN, { input: { email: 'nobody@example.com', password: 'wrong password' } });
    expect(wrong.errors).toEqual(unknown.errors);
    expect(failure(wrong)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('TOO_MANY_REQUESTS with a retry time after repeated wrong passwords for one account from one address', async () => {
    const attempt = () => sg.request(LOG_IN, { input: { email: 'bob@example.com', password: 'not his password' } });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(failure(await attempt()).code);
    expect(codes).toEqual([...Array(3).fill('UNAUTHENTICATED'), 'TOO_MANY_REQUESTS']);
    const limited = await attempt();
    expect(limited.errors?.[0]?.extensions).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number), serviceName: 'users' });
  });

  it('a logIn in a mutation reads its own payload as the user who logged in, and leaves the rest of the operation to the token', async () => {
    await sg.build.user({ username: 'carol', password: 'long enough pass' });
    const res = await sg.request(
      /* GraphQL */ `mutation LogInAndEnd($logIn: LogInInput!, $end: EndSessionInput!) {
        logIn(input: $logIn) { user { username email } }
        endSession(input: $end) { id }
      }`,
      { logIn: { email: 'carol@example.com', password: 'long enough pass' }, end: { id: aliceSession } },
      alice.token,
    );
    expect(res).toEqual({
      status: 200,
      data: { logIn: { user: { username: 'carol', email: 'carol@example.com' } }, endSession: { id: aliceSession } },
    });
  });

  it('GraphQL validation errors and garbage bodies are 400s with a code, never 500s', async () => {
    const invalid = await sg.request(/* GraphQL */ `query { gyms { nope } }`);
    expect({ status: invalid.status, code: failure(invalid).code }).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    for (const body of ['{not json', '', '[]', '{"query": 42}']) {
      const res = await fetch(sg.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(json.errors[0]!.extensions.code).toMatch(/BAD_REQUEST/);
    }
    expect((await fetch(`${sg.baseUrl}/health`)).status).toBe(200);
  });
});
