import { dataOf, errorCodes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';
import { MAX_GYMS_PER_MEMBER, MAX_STAFF_PER_GYM } from './staff';

// Its own database: the hand-over fills every gym, oldest first, so the test owns the gyms.
let t: GymsUnderTest;
let systemId: string;
let gradeId: string;
beforeAll(async () => {
  t = await startGymsUnderTest('legacy_setters');
  const system = await t.build.gradeSystem(t.tokens.admin, { name: 'Legacy V', grades: ['V0'] });
  [systemId, gradeId] = [system.id, system.grades[0]!.id];
}, 120_000);
afterAll(() => t?.stop());

const newGym = async () => (await t.build.gym(t.tokens.admin, { gradeSystemId: systemId })).id;
const ADOPT = `mutation ($ids: [ID!]!) { _adoptLegacySetters(userIds: $ids) }`;
const STAFF_ROLES = `query ($id: ID!) { _entities(representations: [{ __typename: "User", id: $id }]) { ... on User { staffRoles { gym { id } role } } } }`;
const rolesOf = async (user: { id: string; token: string }) =>
  dataOf(await t.gql(STAFF_ROLES, { id: user.id }, user.token))['_entities'][0].staffRoles as { gym: { id: string }; role: string }[];

describe('_adoptLegacySetters', () => {
  it('makes each account SETTER staff of every gym, keeps roles held, adds nothing the second time, and is no viewer’s to call', async () => {
    const gyms = [await newGym(), await newGym(), await newGym()];
    const owner = await t.staff(gyms[1]!, 'OWNER');
    const legacy = await t.account();
    expect(errorCodes(await t.gql(ADOPT, { ids: [legacy.id] }, t.tokens.admin))).toEqual(['FORBIDDEN']);
    expect(dataOf(await t.gql(ADOPT, { ids: [legacy.id, owner.id] }))['_adoptLegacySetters']).toBe(5);
    expect(dataOf(await t.gql(ADOPT, { ids: [legacy.id, owner.id] }))['_adoptLegacySetters']).toBe(0);
    // Memberships of one hand-over share its time: the list orders them by gym id.
    const ownerRoles = await rolesOf(owner);
    expect(ownerRoles[0]).toEqual({ gym: { id: gyms[1] }, role: 'OWNER' });
    expect(ownerRoles.slice(1)).toEqual([gyms[0], gyms[2]].sort().map((id) => ({ gym: { id }, role: 'SETTER' })));
    expect((await rolesOf(legacy)).map((r) => r.gym.id).sort()).toEqual([...gyms].sort());
    const create = `mutation ($input: CreateRouteInput!) { createRoute(input: $input) { id } }`;
    expect(errorCodes(await t.gql(create, { input: { gymId: gyms[2], gradeId, colour: 'red' } }, legacy.token))).toEqual([]);
  });

  it(`stays within the caps: oldest gyms first, a full gym (${MAX_STAFF_PER_GYM}) skipped, at most ${MAX_GYMS_PER_MEMBER} gyms a user`, async () => {
    const older = dataOf(await t.gql(`{ gyms(first: 100) { edges { node { id } } } }`))['gyms'].edges.map((e: { node: { id: string } }) => e.node.id) as string[];
    const before = older.length;
    // The three gyms of the test before are the oldest; these follow, up to 23 gyms in all.
    const gyms: string[] = [];
    while (before + gyms.length < MAX_GYMS_PER_MEMBER + 3) gyms.push(await newGym());
    const [full, oneSeat] = [gyms[0]!, gyms[1]!];
    for (let i = 0; i < MAX_STAFF_PER_GYM; i++) await t.staff(full, 'SETTER');
    for (let i = 0; i < MAX_STAFF_PER_GYM - 1; i++) await t.staff(oneSeat, 'SETTER');
    const [first, second] = [await t.account(), await t.account()];
    // The first account gets the one seat; the full gym and the newest one (past 20) are skipped.
    const firstGyms = gyms.filter((id) => id !== full).slice(0, MAX_GYMS_PER_MEMBER - before);
    const secondGyms = gyms.filter((id) => id !== full && id !== oneSeat).slice(0, MAX_GYMS_PER_MEMBER - before);
    expect(dataOf(await t.gql(ADOPT, { ids: [first.id, second.id] }))['_adoptLegacySetters']).toBe(2 * MAX_GYMS_PER_MEMBER);
    const [firstRoles, secondRoles] = [await rolesOf(first), await rolesOf(second)];
    expect([firstRoles.length, secondRoles.length]).toEqual([MAX_GYMS_PER_MEMBER, MAX_GYMS_PER_MEMBER]);
    expect(firstRoles.map((r) => r.gym.id).sort()).toEqual([...older, ...firstGyms].sort());
    expect(secondRoles.map((r) => r.gym.id).sort()).toEqual([...older, ...secondGyms].sort());
    expect(new Set([...firstRoles, ...secondRoles].map((r) => r.role))).toEqual(new Set(['SETTER']));
    const STAFF = `query ($id: ID!) { gym(id: $id) { staff(first: 100) { edges { node { role } } } } }`;
    const staffCount = async (id: string) => dataOf(await t.gql(STAFF, { id }, t.tokens.admin))['gym'].staff.edges.length;
    expect([await staffCount(full), await staffCount(oneSeat)]).toEqual([MAX_STAFF_PER_GYM, MAX_STAFF_PER_GYM]);
    // Idempotent within the caps too: nothing more fits.
    expect(dataOf(await t.gql(ADOPT, { ids: [first.id, second.id] }))['_adoptLegacySetters']).toBe(0);
  }, 120_000);
});
