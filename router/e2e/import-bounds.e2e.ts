import { type Auth, dataOf, type GymWithRoutes, testDatabaseUrl } from '@clmb/testkit';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Climb, csv, HEADER, IMPORT, importInParts, logbook } from './logbook-files';
import { startSupergraph, type Supergraph } from './supergraph';

// Finding 5 (no import quota, unbounded Session.climbs), 8 (concurrent imports hold connections)
// and 13 (imports put climbs on long-stripped routes into a current session), replayed.
const LOG_CLIMB = /* GraphQL */ `mutation LogClimb($input: LogClimbInput!) { logClimb(input: $input) { id } }`;
const LATEST_SESSION = /* GraphQL */ `query Latest { me { sessions(first: 1) { edges { node { id } } } } }`;
const ME = /* GraphQL */ `query Me { me { username } }`;

describe('bounded imports, through the router', () => {
  let sg: Supergraph;
  let gym: GymWithRoutes;
  const slug = 'bounded-imports';
  const importFile = (token: string, climbs: Climb[], dryRun = false) => sg.request(IMPORT, { input: { format: 'CSV', content: csv(slug, climbs), dryRun } }, token);

  beforeAll(async () => {
    // Two users-database connections, so that two waiting imports would take all of them.
    sg = await startSupergraph({ usersEnv: { DB_POOL_MAX: '2' } });
    const admin = await sg.build.logIn('admin@clmb.dev');
    gym = await sg.build.gymWithRoutes(admin.accessToken, { slug, routeCount: 10 });
  }, 180_000);
  afterAll(() => sg?.stop());

  it('counts imported sessions and climbs against 12,000 a day: the next one is refused with what remains and when', async () => {
    const climber = await sg.build.user();
    const history = logbook(gym, 100, 119);
    expect(await importInParts(sg.request, climber.accessToken, slug, history)).toEqual({ sessionsCreated: 100, climbsCreated: 11_900, skipped: 0, errors: [] });
    // A part sent again creates nothing, and so costs nothing.
    expect(dataOf(await importFile(climber.accessToken, history.slice(0, 100))).importLogbook).toMatchObject({ climbsCreated: 0, skipped: 100 });

    const more = logbook(gym, 1, 1, Date.parse('2019-01-01T18:00:00.000Z'));
    // New sessions count too: without a climb, or whose climbs are all refused, they are still written.
    const [session] = more;
    const climbless = `${HEADER}\r\n${slug},,${new Date(session!.start).toISOString()},,,,,,,,,,`;
    const badRoute = csv(slug, [{ ...session!, routeId: '00000000-0000-4000-8000-000000000000' }]);
    for (const [content, dryRun] of [[climbless, false], [badRoute, false], [csv(slug, more), true], [csv(slug, more), false]] as const) {
      const refused = await sg.request(IMPORT, { input: { format: 'CSV', content, dryRun } }, climber.accessToken);
      expect(refused.data).toBeNull();
      expect(refused.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^The import quota is 12000 new sessions and climbs a day: 0 remain/),
        extensions: { code: 'TOO_MANY_REQUESTS', reason: 'IMPORT_QUOTA', quota: 12_000, remaining: 0, retryAfterSeconds: expect.any(Number) },
      });
    }
  }, 120_000);

  it('takes at most 200 climbs into a session, by import and by logClimb', async () => {
    const climber = await sg.build.user();
    const result = dataOf(await importFile(climber.accessToken, logbook(gym, 1, 201))).importLogbook;
    expect(result).toEqual({
      sessionsCreated: 1,
      climbsCreated: 200,
      skipped: 0,
      errors: [{ row: 202, field: 'routeId', message: 'the session already has 200 climbs, the most a session takes: log the rest in another session' }],
    });
    const sessionId = dataOf(await sg.request(LATEST_SESSION, {}, climber.accessToken)).me.sessions.edges[0].node.id;
    const refused = await sg.request(LOG_CLIMB, { input: { sessionId, routeId: gym.routeIds[0], attempts: 1, sent: true } }, climber.accessToken);
    expect(refused.errors?.[0]).toMatchObject({
      message: 'input.sessionId: the session already has 200 climbs, the most a session takes: log the rest in another session',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.sessionId' },
    });
  }, 60_000);

  it('puts no climb on a route stripped before the session started, as logClimb refuses it', async () => {
    const admin = await sg.build.logIn('admin@clmb.dev');
    const { id: routeId } = await sg.build.route(admin.accessToken, { gymId: gym.gymId, gradeId: gym.grades[0]!.id, setAt: '2023-01-01T00:00:00.000Z' });
    await sg.build.stripRoute(admin.accessToken, routeId, '2023-06-01T00:00:00.000Z');
    const climber = await sg.build.user();
    const session = await sg.build.session(climber.accessToken, { gymId: gym.gymId });
    const logged = await sg.request(LOG_CLIMB, { input: { sessionId: session.id, routeId, attempts: 1, sent: true } }, climber.accessToken);
    expect(logged.errors?.[0]?.message).toBe('input.routeId: the route was stripped before this climb was logged');

    // A current session (started an hour ago, not ended) with a climb dated back to before the strip.
    const start = Date.now() - 3_600_000;
    const result = dataOf(await importFile(climber.accessToken, [{ start, routeId, loggedAt: Date.parse('2023-03-01T00:00:00.000Z') }])).importLogbook;
    expect(result).toEqual({ sessionsCreated: 1, climbsCreated: 0, skipped: 0, errors: [{ row: 2, field: 'routeId', message: 'the route was stripped before this session started' }] });
  }, 60_000);

  // PGlite has one connection: imports queue in the driver and nothing else can hold a lock.
  it.skipIf(!testDatabaseUrl())('answers a second import at once while one runs, and serves others meanwhile', async () => {
    const climber: Auth = await sg.build.user();
    const other = await sg.build.user();
    const one = logbook(gym, 1, 1);
    const direct = postgres(sg.databases.users.env['DATABASE_URL']!, { max: 1, onnotice: () => {} });
    try {
      // A running import of this climber's: it holds the climber's import lock until it commits
      // (logbook-store.ts's namespace `logbook-import`, keyed as @clmb/common's advisory-locks.ts does).
      await direct.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtextextended(${`logbook-import:${climber.user.id}`}, 0))`;
        const imports = [importFile(climber.accessToken, one), importFile(climber.accessToken, one)];
        const served = await sg.request(ME, {}, other.accessToken);
        for (const refused of await Promise.all(imports)) {
          expect(refused.errors?.[0]).toMatchObject({
            message: 'An import of yours is running; try again when it has finished.',
            extensions: { code: 'TOO_MANY_REQUESTS', reason: 'IMPORT_RUNNING', retryAfterSeconds: expect.any(Number) },
          });
        }
        expect(served.data).toEqual({ me: { username: other.user.username } });
      });
      expect(dataOf(await importFile(climber.accessToken, one)).importLogbook).toMatchObject({ climbsCreated: 1 });
    } finally {
      await direct.end();
    }
  }, 60_000);
});
