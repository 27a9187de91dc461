import { randomUUID } from 'node:crypto';
import { dataOf, errorCodes, errorField } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';
import { MAX_GYMS_PER_MEMBER, MAX_STAFF_PER_GYM } from './staff';

let t: GymsUnderTest;
let systemId: string;
let gradeId: string;
beforeAll(async () => {
  t = await startGymsUnderTest('staff');
  const system = await t.build.gradeSystem(t.tokens.admin);
  [systemId, gradeId] = [system.id, system.grades[0]!.id];
});
afterAll(() => t?.stop());

const newGym = async () => (await t.build.gym(t.tokens.admin, { gradeSystemId: systemId })).id;

const ADD = `mutation ($input: AddGymStaffInput!) { addGymStaff(input: $input) { user { id } gym { id } role } }`;
const UPDATE = `mutation ($input: UpdateGymStaffInput!) { updateGymStaff(input: $input) { user { id } role } }`;
const REMOVE = `mutation ($input: RemoveGymStaffInput!) { removeGymStaff(input: $input) { user { id } role } }`;
const STAFF = `query ($id: ID!, $first: Int, $after: String) { gym(id: $id) { staff(first: $first, after: $after) { edges { node { user { id } role } } pageInfo { hasNextPage endCursor } } } }`;
const STAFF_ROLES = `query ($id: ID!) { _entities(representations: [{ __typename: "User", id: $id }]) { ... on User { staffRoles { gym { id } role } } } }`;

describe('addGymStaff', () => {
  it('adds a user by username (any case) with a role, which then shows in Gym.staff', async () => {
    const gymId = await newGym();
    const owner = await t.staff(gymId, 'OWNER');
    const member = await t.account();
    const added = await t.gql(ADD, { input: { gymId, login: member.username.toUpperCase(), role: 'HEAD_SETTER' } }, t.tokens.admin);
    expect(dataOf(added)).toEqual({ addGymStaff: { user: { id: member.id }, gym: { id: gymId }, role: 'HEAD_SETTER' } });
    const staff = dataOf(await t.gql(STAFF, { id: gymId }, member.token))['gym'].staff;
    expect(staff.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { user: { id: member.id }, role: 'HEAD_SETTER' },
      { user: { id: owner.id }, role: 'OWNER' },
    ]);
  });

  it('is an ADMIN’s only (owners invite), by username or email, and answers an unknown login on input.login', async () => {
    const gymId = await newGym();
    const owner = await t.staff(gymId, 'OWNER');
    const member = await t.account();
    const email = `${member.username}@example.com`;
    const byOwner = await t.gql(ADD, { input: { gymId, login: member.username, role: 'SETTER' } }, owner.token);
    expect(errorCodes(byOwner)).toEqual(['FORBIDDEN']);
    const unknown = await t.gql(ADD, { input: { gymId, login: 'no_such_user', role: 'SETTER' } }, t.tokens.admin);
    expect([errorCodes(unknown), errorField(unknown)]).toEqual([['BAD_USER_INPUT'], 'input.login']);
    expect(dataOf(await t.gql(ADD, { input: { gymId, login: email, role: 'SETTER' } }, t.tokens.admin))['addGymStaff'].user).toEqual({ id: member.id });
  });

  it('refuses a member twice, an unknown gym and bad input, naming the field', async () => {
    const gymId = await newGym();
    const member = await t.account();
    dataOf(await t.gql(ADD, { input: { gymId, login: member.username, role: 'SETTER' } }, t.tokens.admin));
    const twice = await t.gql(ADD, { input: { gymId, login: member.username, role: 'OWNER' } }, t.tokens.admin);
    expect([errorCodes(twice), errorField(twice)]).toEqual([['BAD_USER_INPUT'], 'input.login']);
    const noGym = await t.gql(ADD, { input: { gymId: '7d7a2c9e-0000-4000-8000-000000000000', login: member.username, role: 'SETTER' } }, t.tokens.admin);
    expect([errorCodes(noGym), errorField(noGym)]).toEqual([['BAD_USER_INPUT'], 'input.gymId']);
    const empty = await t.gql(ADD, { input: { gymId, login: ' ', role: 'SETTER' } }, t.tokens.admin);
    expect([errorCodes(empty), errorField(empty)]).toEqual([['BAD_USER_INPUT'], 'input.login']);
  });

  it(`holds at most ${MAX_STAFF_PER_GYM} staff per gym and ${MAX_GYMS_PER_MEMBER} gyms per user`, async () => {
    const gymId = await newGym();
    for (let i = 0; i < MAX_STAFF_PER_GYM; i++) await t.staff(gymId, 'SETTER');
    const full = await t.gql(ADD, { input: { gymId, login: (await t.account()).username, role: 'SETTER' } }, t.tokens.admin);
    expect([errorCodes(full), errorField(full)]).toEqual([['BAD_USER_INPUT'], 'input.gymId']);
    const all = dataOf(await t.gql(STAFF, { id: gymId, first: 100 }, t.tokens.admin))['gym'].staff;
    expect([all.edges.length, all.pageInfo.hasNextPage]).toEqual([MAX_STAFF_PER_GYM, false]);

    const busy = await t.account();
    for (let i = 0; i < MAX_GYMS_PER_MEMBER; i++) dataOf(await t.gql(ADD, { input: { gymId: await newGym(), login: busy.username, role: 'SETTER' } }, t.tokens.admin));
    const tooMany = await t.gql(ADD, { input: { gymId: await newGym(), login: busy.username, role: 'SETTER' } }, t.tokens.admin);
    expect([errorCodes(tooMany), errorField(tooMany)]).toEqual([['BAD_USER_INPUT'], 'input.login']);
    const roles = dataOf(await t.gql(STAFF_ROLES, { id: busy.id }, busy.token))['_entities'][0].staffRoles;
    expect(roles).toHaveLength(MAX_GYMS_PER_MEMBER);
  });
});

describe('updateGymStaff and removeGymStaff', () => {
  it('keeps a gym its last OWNER unless an ADMIN acts', async () => {
    const gymId = await newGym();
    const owner = await t.staff(gymId, 'OWNER');
    const demote = await t.gql(UPDATE, { input: { gymId, userId: owner.id, role: 'SETTER' } }, owner.token);
    expect([errorCodes(demote), errorField(demote)]).toEqual([['BAD_USER_INPUT'], 'input.role']);
    const leave = await t.gql(REMOVE, { input: { gymId, userId: owner.id } }, owner.token);
    expect([errorCodes(leave), errorField(leave)]).toEqual([['BAD_USER_INPUT'], 'input.userId']);
    // With a second owner, the first may step down.
    const second = await t.staff(gymId, 'OWNER');
    expect(dataOf(await t.gql(UPDATE, { input: { gymId, userId: owner.id, role: 'HEAD_SETTER' } }, second.token))).toEqual({
      updateGymStaff: { user: { id: owner.id }, role: 'HEAD_SETTER' },
    });
    expect(dataOf(await t.gql(REMOVE, { input: { gymId, userId: second.id } }, t.tokens.admin))).toEqual({ removeGymStaff: { user: { id: second.id }, role: 'OWNER' } });
  });

  it('lets any member leave on their own, refuses them at once after, and answers NOT_FOUND for a non-member', async () => {
    const gymId = await newGym();
    const setter = await t.staff(gymId, 'SETTER');
    const other = await t.staff(gymId, 'SETTER');
    const someoneElse = await t.gql(REMOVE, { input: { gymId, userId: other.id } }, setter.token);
    expect(someoneElse.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', gymId });
    expect(dataOf(await t.gql(REMOVE, { input: { gymId, userId: setter.id } }, setter.token))).toEqual({ removeGymStaff: { user: { id: setter.id }, role: 'SETTER' } });
    // The same token, still valid: the gyms service asks the staff table, not the token.
    const after = await t.gql(`mutation ($input: CreateRouteInput!) { createRoute(input: $input) { id } }`, { input: { gymId, gradeId, colour: 'red' } }, setter.token);
    expect(after.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', gymId });
    expect(errorCodes(await t.gql(REMOVE, { input: { gymId, userId: setter.id } }, t.tokens.admin))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.gql(UPDATE, { input: { gymId, userId: setter.id, role: 'OWNER' } }, t.tokens.admin))).toEqual(['NOT_FOUND']);
  });
});

describe('User.staffRoles and _isStaff', () => {
  it('tells the user themself and an ADMIN where they are staff; anyone else gets an empty list', async () => {
    const [a, b] = [await newGym(), await newGym()];
    const member = await t.staff(a, 'OWNER');
    dataOf(await t.gql(ADD, { input: { gymId: b, login: member.username, role: 'SETTER' } }, t.tokens.admin));
    const roles = (token: string) => t.gql(STAFF_ROLES, { id: member.id }, token);
    const expected = [
      { gym: { id: a }, role: 'OWNER' },
      { gym: { id: b }, role: 'SETTER' },
    ];
    expect(dataOf(await roles(member.token))['_entities'][0].staffRoles).toEqual(expected);
    expect(dataOf(await roles(t.tokens.admin))['_entities'][0].staffRoles).toEqual(expected);
    expect(dataOf(await roles(t.tokens.climber))['_entities'][0].staffRoles).toEqual([]);
    const isStaff = async (id: string) => dataOf(await t.gql(`query ($id: ID!) { _isStaff(userId: $id) }`, { id }))['_isStaff'];
    expect([await isStaff(member.id), await isStaff((await t.account()).id)]).toEqual([true, false]);
  });
});

describe('Gym.staff pages', () => {
  it('lists every member of a batch added in one instant (one now()) once, over pages of 20', async () => {
    // The hand-over fills the oldest gyms first (legacy-setters.int.ts): page the oldest one's staff.
    await newGym();
    const gyms = dataOf(await t.gql(`{ gyms(first: 100) { edges { node { id createdAt } } } }`))['gyms'].edges as { node: { id: string; createdAt: string } }[];
    const gymId = gyms.map((edge) => edge.node).toSorted((a, b) => a.createdAt.localeCompare(b.createdAt))[0]!.id;
    const before = dataOf(await t.gql(STAFF, { id: gymId, first: 100, after: null }, t.tokens.admin))['gym'].staff.edges.map((e: { node: { user: { id: string } } }) => e.node.user.id) as string[];
    const ids = Array.from({ length: 30 }, () => randomUUID());
    dataOf(await t.gql(`mutation ($ids: [ID!]!) { _adoptLegacySetters(userIds: $ids) }`, { ids }));
    const seen: string[] = [];
    let after: string | null = null;
    const pages: boolean[] = [];
    do {
      const page: { edges: { node: { user: { id: string } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = dataOf(await t.gql(STAFF, { id: gymId, first: 20, after }, t.tokens.admin))['gym'].staff;
      seen.push(...page.edges.map((e) => e.node.user.id));
      pages.push(page.pageInfo.hasNextPage);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after && pages.length < 5);
    expect(pages).toEqual(before.length + 30 > 40 ? [true, true, false] : [true, false]);
    expect(seen.toSorted()).toEqual([...ids, ...before].toSorted());
  });
});

describe('statements', () => {
  it('checks a member once per gym a request writes at: many route writes at one gym cost one staff statement', async () => {
    const gymId = await newGym();
    const setter = await t.staff(gymId, 'SETTER');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await t.build.route(t.tokens.admin, { gymId, gradeId })).id);
    const strip = (n: number) => `mutation { ${ids.slice(0, n).map((id, i) => `s${i}: stripRoute(input: { id: "${id}" }) { id }`).join(' ')} }`;
    const staffStatements = () => t.statements.filter((s) => s.includes('gym_staff')).length;
    t.resetStatements();
    dataOf(await t.gql(strip(1), {}, setter.token));
    const one = staffStatements();
    t.resetStatements();
    dataOf(await t.gql(strip(5), {}, setter.token));
    expect([one, staffStatements()]).toEqual([1, 1]);
  });

  it('reads the staff of many gyms in one statement', async () => {
    const gymIds = [await newGym(), await newGym(), await newGym()];
    for (const gymId of gymIds) await t.staff(gymId, 'SETTER');
    const query = (ids: string[]) => `{ ${ids.map((id, i) => `g${i}: gym(id: "${id}") { staff { edges { node { role } } } }`).join(' ')} }`;
    t.resetStatements();
    dataOf(await t.gql(query(gymIds.slice(0, 1)), {}, t.tokens.admin));
    const one = t.statements.length;
    t.resetStatements();
    dataOf(await t.gql(query(gymIds), {}, t.tokens.admin));
    expect(t.statements.length).toBe(one);
  });
});
