import { type Auth, builders, dataOf } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymFixtures, startUsersWithGyms, type UsersWithGyms } from '../test-service';

// A project shown to someone else counts only the climbs they may see: a send in a session (or a
// climb) narrowed away from them is not a send, nor are its tries.

const PROJECTS = /* GraphQL */ `query($id: ID!, $status: ProjectStatus) {
  user(id: $id) { projects(status: $status, first: 20) { edges { node { status sentAt attempts sessions } } } }
}`;

let users: UsersWithGyms;
let fx: GymFixtures;
let owner: Auth;
let follower: Auth;
let stranger: Auth;

const act = async (who: Auth, mutation: string, input: Record<string, unknown>) =>
  dataOf(await users.gql(`mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { __typename } }`, { input }, who.accessToken));
const session = async (visibility?: string) =>
  dataOf(await users.gql(/* GraphQL */ `mutation($input: StartSessionInput!) { startSession(input: $input) { id } }`, { input: { gymId: fx.gymId, visibility } }, owner.accessToken))
    .startSession.id as string;
const climb = (sessionId: string, attempts: number, sent: boolean, visibility?: string) => act(owner, 'logClimb', { sessionId, routeId: fx.routeId, attempts, sent, visibility });
const projectsAs = async (who: Auth, status?: string) =>
  dataOf(await users.gql(PROJECTS, { id: owner.user.id, status }, who.accessToken)).user.projects.edges.map(
    ({ node }: { node: { status: string; sentAt: string | null; attempts: number; sessions: number } }) =>
      `${node.status} ${node.sentAt ? 'sent' : 'not sent'}, ${node.attempts} attempts in ${node.sessions} sessions`,
  );

beforeAll(async () => {
  users = await startUsersWithGyms('users_projects_privacy', { SIGNUP_MAX_PER_ADDRESS: '1000' });
  fx = users.gyms.fixtures;
  const build = builders(users.gql);
  [owner, follower, stranger] = [await build.user(), await build.user(), await build.user()];
  await act(owner, 'updatePreferences', { visibility: 'PUBLIC' });
  await act(follower, 'follow', { userId: owner.user.id });
  await act(owner, 'addProject', { routeId: fx.routeId });
  const open = await session();
  await climb(open, 2, false);
  await climb(open, 5, false, 'PRIVATE');
  await climb(await session('FOLLOWERS'), 1, false);
  // The only send, in a PRIVATE session.
  await climb(await session('PRIVATE'), 3, true);
}, 180_000);
afterAll(() => users?.stop());

describe('a project seen by others counts only the climbs they may see', () => {
  it('the owner sees the send and every try; a follower all but PRIVATE; a stranger what is not narrowed', async () => {
    expect(await projectsAs(owner)).toEqual(['SENT sent, 11 attempts in 3 sessions']);
    expect(await projectsAs(follower)).toEqual(['ACTIVE not sent, 3 attempts in 2 sessions']);
    expect(await projectsAs(stranger)).toEqual(['ACTIVE not sent, 2 attempts in 1 sessions']);
  });

  it("the status filter goes by what the reader sees: a send hidden from them is not SENT", async () => {
    expect(await projectsAs(owner, 'SENT')).toHaveLength(1);
    expect(await projectsAs(owner, 'ACTIVE')).toEqual([]);
    for (const who of [follower, stranger]) {
      expect(await projectsAs(who, 'SENT')).toEqual([]);
      expect(await projectsAs(who, 'ACTIVE')).toHaveLength(1);
    }
  });
});
