import { type Auth, type Builders, builders, dataOf } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPDATE_PREFERENCES } from '../stats/test-stats';
import { type GymFixtures, startUsersWithGyms, type UsersWithGyms } from '../test-service';

// Over HTTP against a real gyms service: narrowing sessions and climbs as they are logged, and what
// a stranger reading a PUBLIC climber's logbook costs. privacy.int.ts holds the full matrix.

const START = /* GraphQL */ `mutation($input: StartSessionInput!) { startSession(input: $input) { id visibility } }`;
const LOG = /* GraphQL */ `mutation($input: LogClimbInput!) { logClimb(input: $input) { id visibility } }`;
const PAGE = /* GraphQL */ `query($id: ID!) { user(id: $id) { sessions(first: 50) {
  totalCount privateCount edges { node { name visibility climbs { id visibility } summary { climbCount privateClimbCount hardestSend { id } } } }
} } }`;

let users: UsersWithGyms;
let fx: GymFixtures;
let build: Builders;
let stranger: Auth;

beforeAll(async () => {
  users = await startUsersWithGyms('users_logbook_visibility');
  fx = users.gyms.fixtures;
  build = builders(users.gql);
  stranger = await build.user({ username: 'stranger' });
}, 180_000);
afterAll(() => users?.stop());

/** A PUBLIC climber with `count` sessions, every third narrowed to FOLLOWERS, each with a plain and a PRIVATE climb. */
async function publicClimber(username: string, count: number) {
  const climber = await build.user({ username });
  dataOf(await users.gql(UPDATE_PREFERENCES, { input: { visibility: 'PUBLIC' } }, climber.accessToken));
  for (let i = 1; i <= count; i++) {
    const startTime = new Date(Date.UTC(2026, 0, i, 18)).toISOString();
    const visibility = i % 3 === 0 ? 'FOLLOWERS' : null;
    const session = dataOf(await users.gql(START, { input: { gymId: fx.gymId, name: `s${i}`, startTime, visibility } }, climber.accessToken)).startSession;
    expect(session.visibility).toBe(visibility);
    for (const narrowed of [null, 'PRIVATE']) {
      const climb = dataOf(await users.gql(LOG, { input: { sessionId: session.id, routeId: fx.routeId, attempts: 1, sent: true, visibility: narrowed } }, climber.accessToken)).logClimb;
      expect(climb.visibility).toBe(narrowed);
    }
  }
  return climber;
}

describe('export and import', () => {
  const EXPORT = /* GraphQL */ `query($format: LogbookFormat!) { exportLogbook(format: $format) { content } }`;
  const IMPORT = /* GraphQL */ `mutation($input: ImportLogbookInput!) { importLogbook(input: $input) { sessionsCreated climbsCreated errors { field } } }`;
  const narrowings = async (climber: Auth) =>
    dataOf(await users.gql(PAGE, { id: climber.user.id }, climber.accessToken)).user.sessions.edges.map(
      ({ node }: { node: { visibility: unknown; climbs: { visibility: unknown }[] } }) => [node.visibility, node.climbs.map((climb) => climb.visibility)],
    );

  it.each(['CSV', 'JSON'] as const)('carry what sessions and climbs were narrowed to into the other account (%s)', async (format) => {
    const from = await publicClimber(`from-${format.toLowerCase()}`, 3);
    const into = await build.user({ username: `into-${format.toLowerCase()}` });
    const content = dataOf(await users.gql(EXPORT, { format }, from.accessToken)).exportLogbook.content;
    expect(dataOf(await users.gql(IMPORT, { input: { format, content } }, into.accessToken)).importLogbook).toEqual({ sessionsCreated: 3, climbsCreated: 6, errors: [] });
    expect(await narrowings(into)).toEqual(await narrowings(from));
    expect((await narrowings(into))[0]).toEqual(['FOLLOWERS', [null, 'PRIVATE']]);
  });
});

describe("a PUBLIC climber's logbook read by a stranger", () => {
  it('leaves out the narrowed sessions and climbs, and counts them', async () => {
    const alex = await publicClimber('alex', 3);
    const mine = dataOf(await users.gql(PAGE, { id: alex.user.id }, alex.accessToken)).user.sessions;
    expect([mine.totalCount, mine.privateCount, mine.edges.map((edge: { node: { visibility: unknown } }) => edge.node.visibility)]).toEqual([3, 0, ['FOLLOWERS', null, null]]);
    const theirs = dataOf(await users.gql(PAGE, { id: alex.user.id }, stranger.accessToken)).user.sessions;
    expect(theirs).toMatchObject({ totalCount: 2, privateCount: 1 });
    expect(
      theirs.edges.map(({ node }: { node: { name: string; visibility: unknown; climbs: unknown[]; summary: { climbCount: number; privateClimbCount: number } } }) => [
        node.name,
        node.visibility,
        node.climbs.length,
        node.summary.climbCount,
        node.summary.privateClimbCount,
      ]),
    ).toEqual([
      ['s2', null, 1, 1, 1],
      ['s1', null, 1, 1, 1],
    ]);
  });

  it('costs the same SQL statements for a page of 2 sessions as for 20', async () => {
    const few = await publicClimber('few', 3);
    const many = await publicClimber('many', 30);
    const count = async (climber: Auth) => {
      users.resetStatements();
      const response = await users.gql(PAGE, { id: climber.user.id }, stranger.accessToken);
      expect(response.errors).toBeUndefined();
      return { statements: users.statements.length, sessions: response.data?.user.sessions.edges.length };
    };
    // The user, the viewer's standing with them, the page with the sessions' climbs, the all-time
    // total, the narrowed-session counts, the climbs' sessions (whose owner reads a narrowing),
    // the hardest sends.
    expect(await count(few)).toEqual({ statements: 7, sessions: 2 });
    expect(await count(many)).toEqual({ statements: 7, sessions: 20 });
  });
});
