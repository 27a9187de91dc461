import { type Auth, errorCodes, errorField } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsersWithGyms } from '../test-service';
import { startWithClimbers, UPDATE_PREFERENCES as UPDATE } from '../stats/test-stats';

// The settings stats and leaderboards read: the grade systems a user's stats are shown in, and
// whether they show on gyms' leaderboards.
const PREFERENCES = /* GraphQL */ `query($id: ID!) { user(id: $id) { preferences { boulderGradeSystem { id } ropeGradeSystem { id } showOnLeaderboards } } }`;

let users: UsersWithGyms;
let alex: Auth;
let kim: Auth;
let sam: Auth;
let fontId: string;
let ropeSystemId: string;

beforeAll(async () => {
  ({ users, alex, kim, sam, fontId, ropeSystemId } = await startWithClimbers('users_preferences'));
}, 120_000);
afterAll(() => users?.stop());

describe('Preferences', () => {
  it('default until changed; owner or ADMIN only', async () => {
    const own = await users.gql(PREFERENCES, { id: kim.user.id }, kim.accessToken);
    expect(own.data).toEqual({ user: { preferences: { boulderGradeSystem: null, ropeGradeSystem: null, showOnLeaderboards: false } } });
    const other = await users.gql(PREFERENCES, { id: kim.user.id }, alex.accessToken);
    expect([other.data, errorCodes(other)]).toEqual([{ user: { preferences: null } }, ['FORBIDDEN']]);
    await users.gql(UPDATE, { input: { boulderGradeSystemId: fontId } }, alex.accessToken);
    const admin = await users.gql(PREFERENCES, { id: alex.user.id }, await users.token('ADMIN'));
    expect(admin.data?.user.preferences.boulderGradeSystem).toEqual({ id: fontId });
  });

  it('keeps what is left out and clears with null', async () => {
    const set = await users.gql(UPDATE, { input: { ropeGradeSystemId: ropeSystemId, showOnLeaderboards: true } }, kim.accessToken);
    expect(set.data?.updatePreferences).toEqual({ boulderGradeSystem: null, ropeGradeSystem: { id: ropeSystemId }, showOnLeaderboards: true });
    const cleared = await users.gql(UPDATE, { input: { ropeGradeSystemId: null } }, kim.accessToken);
    expect(cleared.data?.updatePreferences).toEqual({ boulderGradeSystem: null, ropeGradeSystem: null, showOnLeaderboards: true });
  });

  it.each([
    ['an unknown grade system', () => ({ boulderGradeSystemId: crypto.randomUUID() }), 'input.boulderGradeSystemId'],
    ['a system of the other discipline', () => ({ boulderGradeSystemId: ropeSystemId }), 'input.boulderGradeSystemId'],
    ['a boulder system for rope', () => ({ ropeGradeSystemId: fontId }), 'input.ropeGradeSystemId'],
    ['a malformed id', () => ({ ropeGradeSystemId: 'nope' }), 'input.ropeGradeSystemId'],
    ['a null showOnLeaderboards', () => ({ showOnLeaderboards: null }), 'input.showOnLeaderboards'],
  ])('BAD_USER_INPUT for %s', async (_name, input, field) => {
    const response = await users.gql(UPDATE, { input: input() }, sam.accessToken);
    expect([errorCodes(response), errorField(response)]).toEqual([['BAD_USER_INPUT'], field]);
  });

  it('UNAUTHENTICATED without a token', async () => {
    expect(errorCodes(await users.gql(UPDATE, { input: { showOnLeaderboards: true } }))).toEqual(['UNAUTHENTICATED']);
  });
});
