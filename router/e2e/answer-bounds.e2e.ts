import { type Auth, dataOf, type GymWithRoutes, gqlAt, testDatabaseUrl } from '@clmb/testkit';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_HEADER, importInParts, logbook } from './logbook-files';
import { startSupergraph, type Supergraph } from './supergraph';

// Finding 5 (an export builds the whole logbook in memory, the router buffers any answer) and 8
// (no lock or statement timeout), replayed.
const EXPORT = /* GraphQL */ `query Export($format: LogbookFormat!, $after: String) { exportLogbook(format: $format, after: $after) { content next } }`;
const LOG_CLIMB = /* GraphQL */ `mutation LogClimb($input: LogClimbInput!) { logClimb(input: $input) { id } }`;
const LATEST_SESSION = /* GraphQL */ `query Latest { me { sessions(first: 1) { edges { node { id } } } } }`;
const UPDATE_SESSION = /* GraphQL */ `mutation Rename($input: UpdateSessionInput!) { updateSession(input: $input) { id } }`;
/** `count` exports in one operation, as `e0`, `e1` … */
const exports = (count: number) => `query Exports { ${Array.from({ length: count }, (_, i) => `e${i}: exportLogbook(format: JSON) { content }`).join(' ')} }`;

describe('bounded answers, through the router', () => {
  let sg: Supergraph;
  let climber: Auth;
  let sessionId: string;
  let gym: GymWithRoutes;

  beforeAll(async () => {
    // Fifteen exports of 10,000 climbs take PGlite on a loaded machine past the default 10 s, and
    // cost 150,000 points, over the default cost limit (demand-control.e2e): the size is what is tested here.
    sg = await startSupergraph({ routerEnv: { SUBGRAPH_TIMEOUT_MS: '60000', MAX_QUERY_COST: '200000' } });
    const admin = await sg.build.logIn('admin@clmb.dev');
    gym = await sg.build.gymWithRoutes(admin.accessToken, { slug: 'bounded-answers', routeCount: 10 });
    climber = await sg.build.user();
    // 100 sessions of 100 climbs a day apart, then one more climb in the newest: 10,001 climbs.
    const imported = await importInParts(sg.request, climber.accessToken, 'bounded-answers', logbook(gym, 100, 100));
    expect(imported).toMatchObject({ climbsCreated: 10_000, errors: [] });
    sessionId = dataOf(await sg.request(LATEST_SESSION, {}, climber.accessToken)).me.sessions.edges[0].node.id;
    dataOf(await sg.request(LOG_CLIMB, { input: { sessionId, routeId: gym.routeIds[0], attempts: 1, sent: true } }, climber.accessToken));
  }, 180_000);
  afterAll(() => sg?.stop());

  it('exports a logbook of over 10,000 climbs in parts of whole sessions, each a file to import', async () => {
    const first = dataOf(await sg.request(EXPORT, { format: 'CSV' }, climber.accessToken)).exportLogbook;
    const firstRows = first.content.trimEnd().split('\r\n');
    // 99 sessions of 100 climbs: the newest session's 101 would pass 10,000.
    expect({ header: firstRows[0], climbs: firstRows.length - 1, next: typeof first.next }).toEqual({ header: EXPORT_HEADER, climbs: 9_900, next: 'string' });
    const second = dataOf(await sg.request(EXPORT, { format: 'CSV', after: first.next }, climber.accessToken)).exportLogbook;
    const secondRows = second.content.trimEnd().split('\r\n');
    expect({ header: secondRows[0], climbs: secondRows.length - 1, next: second.next }).toEqual({ header: EXPORT_HEADER, climbs: 101, next: null });

    const json = dataOf(await sg.request(EXPORT, { format: 'JSON' }, climber.accessToken)).exportLogbook;
    expect(JSON.parse(json.content)).toMatchObject({ version: 2, sessions: expect.any(Array) });
    expect(JSON.parse(json.content).sessions).toHaveLength(99);
    expect(json.next).toBe(first.next);
  }, 60_000);

  const tooLarge = (limitBytes: number) => [
    {
      message: `The users service answered more than ${limitBytes} bytes, the most the router reads: ask for less at once.`,
      path: ['e0'],
      extensions: { code: 'SUBGRAPH_RESPONSE_TOO_LARGE', serviceName: 'users', limitBytes },
    },
    ...Array.from({ length: 14 }, (_, i) => expect.objectContaining({ path: [`e${i + 1}`], extensions: expect.objectContaining({ code: 'SUBGRAPH_RESPONSE_TOO_LARGE' }) })),
  ];
  // The files' size only, when they come: printing them would bury the failure.
  const sizeOf = (data: unknown) => (data === null || data === undefined ? null : JSON.stringify(data).length);

  it('refuses a subgraph answer over SUBGRAPH_RESPONSE_LIMIT: 15 exports in one operation', async () => {
    // A router reading at most 1 MB, and a logbook of 1,000 climbs (about 160 kB of JSON).
    const router = await sg.startExtraRouter({ SUBGRAPH_RESPONSE_LIMIT: '1mb' });
    try {
      const request = gqlAt(`${router.url}/graphql`);
      const small = await sg.build.user();
      await importInParts(request, small.accessToken, 'bounded-answers', logbook(gym, 10, 100));
      // One export is served: the limit stops only what is too much at once.
      expect(JSON.parse(dataOf(await request(exports(1), {}, small.accessToken)).e0.content).sessions).toHaveLength(10);
      const response = await request(exports(15), {}, small.accessToken);
      expect(sizeOf(response.data)).toBeNull();
      expect(response.errors).toEqual(tooLarge(1_048_576));
    } finally {
      await router.stop();
    }
  }, 60_000);

  // PGlite runs in the users process: fifteen 10,000-climb exports at once starve its event loop
  // past the 5 s it gives gyms. The default limit, with Postgres.
  it.skipIf(!testDatabaseUrl())('refuses 15 exports of a 10,000-climb logbook under the default 10 MB limit', async () => {
    const response = await sg.request(exports(15), {}, climber.accessToken);
    expect(sizeOf(response.data)).toBeNull();
    expect(response.errors).toEqual(tooLarge(10_485_760));
  }, 60_000);

  it.skipIf(!testDatabaseUrl())('answers DATABASE_TIMEOUT when a row stays locked past the lock timeout', async () => {
    const direct = postgres(sg.databases.users.env['DATABASE_URL']!, { max: 1, onnotice: () => {} });
    try {
      await direct.begin(async (tx) => {
        // Another transaction holding the session's row, as a long write would.
        await tx`select id from users.session where id = ${sessionId} for update`;
        const response = await sg.request(UPDATE_SESSION, { input: { id: sessionId, name: 'Renamed' } }, climber.accessToken);
        expect(response.errors).toEqual([
          { message: 'The database was busy and did not answer in time; try again.', path: ['updateSession'], extensions: { code: 'DATABASE_TIMEOUT', serviceName: 'users' } },
        ]);
      });
    } finally {
      await direct.end();
    }
  }, 60_000);
});
