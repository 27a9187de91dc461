import { type Auth, builders, dataOf, errorCodes, errorField } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWithClimbers, UPDATE_PREFERENCES } from '../stats/test-stats';
import type { UsersWithGyms } from '../test-service';

const GYM = /* GraphQL */ `query($r: [_Any!]!, $period: LeaderboardPeriod) { _entities(representations: $r) { ... on Gym {
  activity { sessionsLast7Days activeClimbersLast30Days }
  leaderboard(period: $period) { rank points sends user { username } }
} } }`;

let users: UsersWithGyms;
let alex: Auth;
let kim: Auth;
let vGymId: string;

beforeAll(async () => {
  ({ users, alex, kim, vGymId } = await startWithClimbers('users_gym_fields'));
}, 120_000);
afterAll(() => users?.stop());

describe('Gym.activity and Gym.leaderboard', () => {
  const gym = async (period?: string) => dataOf(await users.gql(GYM, { r: [{ __typename: 'Gym', id: vGymId }], period }))._entities[0];

  it('lists opted-in climbers only, with points from their sends in the period', async () => {
    // alex and kim opt in; sam never does.
    for (const climber of [alex, kim]) await users.gql(UPDATE_PREFERENCES, { input: { showOnLeaderboards: true, visibility: 'PUBLIC' } }, climber.accessToken);
    expect((await gym('ALL_TIME')).leaderboard).toEqual([
      // alex: V1 flashed (130 + 10), V3 (155), V4 (175); the attempt and the repeat of V4 add nothing.
      { rank: 1, points: 470, sends: 3, user: { username: 'alex' } },
      // kim: V3 flashed (155 + 10), the regraded route as logged, V1 (130).
      { rank: 2, points: 295, sends: 2, user: { username: 'kim' } },
    ]);
    expect((await gym('WEEK')).leaderboard).toEqual([{ rank: 1, points: 165, sends: 1, user: { username: 'kim' } }]);
  });

  it('shows the first entries only, 0 to 100 of them', async () => {
    const query = /* GraphQL */ `query($r: [_Any!]!, $first: Int) { _entities(representations: $r) { ... on Gym { leaderboard(period: ALL_TIME, first: $first) { rank } } } }`;
    const r = [{ __typename: 'Gym', id: vGymId }];
    expect(dataOf(await users.gql(query, { r, first: 1 }))._entities).toEqual([{ leaderboard: [{ rank: 1 }] }]);
    const tooMany = await users.gql(query, { r, first: 101 });
    expect([errorCodes(tooMany), errorField(tooMany)]).toEqual([['BAD_USER_INPUT'], 'first']);
  });

  it('counts recent sessions and climbers: the opted-in at once, the others days later (public-counts.int.ts)', async () => {
    // kim's session this week; sam's, logged today by a climber who did not opt in, does not count yet.
    expect((await gym()).activity).toEqual({ sessionsLast7Days: 1, activeClimbersLast30Days: 1 });
  });

  it('counts a session 10 days ago among the climbers of the last 30 days, not the sessions of the last 7', async () => {
    const lee = await builders(users.gql).user({ username: 'lee' });
    await users.gql(UPDATE_PREFERENCES, { input: { showOnLeaderboards: true } }, lee.accessToken);
    await builders(users.gql).session(lee.accessToken, { gymId: vGymId, startTime: new Date(Date.now() - 10 * 86_400_000).toISOString() });
    expect((await gym()).activity).toEqual({ sessionsLast7Days: 1, activeClimbersLast30Days: 2 });
  });
  it("scores only sends that do not narrow the account's visibility: an entry holds nothing its readers may not see", async () => {
    const UPDATE_SESSION = /* GraphQL */ `mutation($input: UpdateSessionInput!) { updateSession(input: $input) { id } }`;
    const mine = dataOf(await users.gql(/* GraphQL */ `{ me { sessions(first: 100) { edges { node { id } } } } }`, {}, alex.accessToken)).me.sessions.edges;
    const narrow = async (visibility: string | null) => {
      for (const { node } of mine) dataOf(await users.gql(UPDATE_SESSION, { input: { id: node.id, visibility } }, alex.accessToken));
    };
    // As alex reads it: they may see themselves whatever the account's visibility.
    const alexOnBoard = async () =>
      dataOf(await users.gql(GYM, { r: [{ __typename: 'Gym', id: vGymId }], period: 'ALL_TIME' }, alex.accessToken))._entities[0].leaderboard.find(
        (entry: { user: { username: string } }) => entry.user.username === 'alex',
      ) ?? null;
    // alex's account is PUBLIC: sessions narrowed to FOLLOWERS are not the public's, so they do not score.
    await narrow('FOLLOWERS');
    expect(await alexOnBoard()).toBeNull();
    // On a FOLLOWERS account the same sessions narrow nothing: they score again.
    await users.gql(UPDATE_PREFERENCES, { input: { visibility: 'FOLLOWERS' } }, alex.accessToken);
    expect(await alexOnBoard()).toEqual({ rank: 1, points: 470, sends: 3, user: { username: 'alex' } });
    await narrow(null);
    await users.gql(UPDATE_PREFERENCES, { input: { visibility: 'PUBLIC' } }, alex.accessToken);
    expect(await alexOnBoard()).toEqual({ rank: 1, points: 470, sends: 3, user: { username: 'alex' } });
  });
});
