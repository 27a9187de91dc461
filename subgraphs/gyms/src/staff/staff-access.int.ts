import { readFileSync } from 'node:fs';
import { dataOf, type GraphQLResponse } from '@clmb/testkit';
import { type FieldDefinitionNode, Kind, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';
import { ANY_STAFF, HEAD_SETTERS, OWNERS, STAFF_ROLES, type StaffRole } from './access';

// Who may do what at which gym, for EVERY gyms mutation and staff-only field: each needs a case
// here, or the first test fails (a mutation added without deciding who may run it).

let t: GymsUnderTest;
let grades: { id: string; grades: { id: string }[] };
beforeAll(async () => {
  t = await startGymsUnderTest('staff_access');
  grades = await t.build.gradeSystem(t.tokens.admin);
});
afterAll(() => t?.stop());

/** A gym with a wall, a route on it, a SETTER to change or remove, and one member of each role. */
async function gymAtStake() {
  const gymId = (await t.build.gym(t.tokens.admin, { gradeSystemId: grades.id })).id;
  const wallId = dataOf(await t.gql(`mutation ($gymId: ID!) { createWall(input: { gymId: $gymId, name: "Cave" }) { id } }`, { gymId }, t.tokens.admin))['createWall'].id as string;
  const routeId = (await t.build.route(t.tokens.admin, { gymId, gradeId: grades.grades[0]!.id, wallId })).id;
  const target = await t.staff(gymId, 'SETTER');
  const members = Object.fromEntries(await Promise.all(STAFF_ROLES.map(async (role) => [role, (await t.staff(gymId, role)).token] as const))) as Record<StaffRole, string>;
  return { gymId, wallId, routeId, target, members };
}
type Gym = Awaited<ReturnType<typeof gymAtStake>>;

interface Case {
  /** The roles at the gym that may run it; `ADMIN` for what no gym's staff decides. */
  needs: readonly StaffRole[] | 'ADMIN';
  /** The operation against `gym`, built anew for every attempt (a name, a member to add). */
  operation(gym: Gym): Promise<{ query: string; variables: Record<string, unknown> }>;
}

let names = 0;
const fresh = (prefix: string) => `${prefix} ${++names}`;

const MUTATIONS: Record<string, Case> = {
  createGradeSystem: {
    needs: 'ADMIN',
    operation: async () => ({
      query: `mutation ($name: String!) { createGradeSystem(input: { name: $name, discipline: BOULDER, grades: [{ value: "1", difficultyOrder: 1, scale: 100 }] }) { id } }`,
      variables: { name: fresh('System') },
    }),
  },
  createGym: {
    needs: 'ADMIN',
    operation: async () => ({
      query: `mutation ($input: CreateGymInput!) { createGym(input: $input) { id } }`,
      variables: { input: { name: fresh('Gym'), address: 'a', city: 'b', country: 'c', latitude: 0, longitude: 0, gradeSystemId: grades.id } },
    }),
  },
  updateGym: {
    needs: OWNERS,
    operation: async (gym) => ({ query: `mutation ($id: ID!, $name: String!) { updateGym(input: { id: $id, name: $name }) { id } }`, variables: { id: gym.gymId, name: fresh('Gym') } }),
  },
  // Archiving last would only matter for a gym shared between cases; each case has its own.
  archiveGym: {
    needs: OWNERS,
    operation: async (gym) => ({ query: `mutation ($id: ID!) { archiveGym(input: { id: $id }) { id } }`, variables: { id: gym.gymId } }),
  },
  createRoute: {
    needs: ANY_STAFF,
    operation: async (gym) => ({
      query: `mutation ($input: CreateRouteInput!) { createRoute(input: $input) { id } }`,
      variables: { input: { gymId: gym.gymId, gradeId: grades.grades[1]!.id, colour: 'blue', wallId: gym.wallId } },
    }),
  },
  updateRoute: {
    needs: ANY_STAFF,
    operation: async (gym) => ({ query: `mutation ($id: ID!) { updateRoute(input: { id: $id, colour: "green" }) { id } }`, variables: { id: gym.routeId } }),
  },
  stripRoute: {
    needs: ANY_STAFF,
    operation: async (gym) => ({ query: `mutation ($id: ID!) { stripRoute(input: { id: $id }) { id } }`, variables: { id: gym.routeId } }),
  },
  createWall: {
    needs: HEAD_SETTERS,
    operation: async (gym) => ({ query: `mutation ($gymId: ID!, $name: String!) { createWall(input: { gymId: $gymId, name: $name }) { id } }`, variables: { gymId: gym.gymId, name: fresh('Wall') } }),
  },
  updateWall: {
    needs: HEAD_SETTERS,
    operation: async (gym) => ({ query: `mutation ($id: ID!, $name: String!) { updateWall(input: { id: $id, name: $name }) { id } }`, variables: { id: gym.wallId, name: fresh('Wall') } }),
  },
  addGymStaff: {
    needs: 'ADMIN',
    operation: async (gym) => ({
      query: `mutation ($input: AddGymStaffInput!) { addGymStaff(input: $input) { role } }`,
      variables: { input: { gymId: gym.gymId, login: (await t.account()).username, role: 'SETTER' } },
    }),
  },
  updateGymStaff: {
    needs: OWNERS,
    operation: async (gym) => ({
      query: `mutation ($input: UpdateGymStaffInput!) { updateGymStaff(input: $input) { role } }`,
      variables: { input: { gymId: gym.gymId, userId: gym.target.id, role: 'SETTER' } },
    }),
  },
  removeGymStaff: {
    needs: OWNERS,
    operation: async (gym) => ({
      query: `mutation ($input: RemoveGymStaffInput!) { removeGymStaff(input: $input) { role } }`,
      variables: { input: { gymId: gym.gymId, userId: (await t.staff(gym.gymId, 'SETTER')).id } },
    }),
  },
};

/** Staff invitations (staff/invitations.ts): the gym's owners send and cancel them. */
const INVITATION_MUTATIONS: Record<string, Case> = {
  inviteGymStaff: {
    needs: OWNERS,
    operation: async (gym) => ({
      query: `mutation ($input: InviteGymStaffInput!) { inviteGymStaff(input: $input) { id } }`,
      variables: { input: { gymId: gym.gymId, login: (await t.account()).username, role: 'SETTER' } },
    }),
  },
  cancelGymStaffInvitation: {
    needs: OWNERS,
    operation: async (gym) => {
      const invited = `mutation ($input: InviteGymStaffInput!) { inviteGymStaff(input: $input) { id } }`;
      const input = { gymId: gym.gymId, login: (await t.account()).username, role: 'SETTER' };
      const id = dataOf(await t.gql(invited, { input }, t.tokens.admin))['inviteGymStaff'].id as string;
      return { query: `mutation ($id: ID!) { cancelGymStaffInvitation(id: $id) { id } }`, variables: { id } };
    },
  },
};

/** The invitee's own answers: any logged-in account, for invitations addressed to it alone (staff/invitations.int.ts). */
const INVITEE = ['acceptGymStaffInvitation', 'declineGymStaffInvitation'];

/** Staff-only fields of queries (`@policy` outside Mutation), by `Type.field`, of staff invitations. */
const INVITATION_FIELDS: Record<string, Case> = {
  'Gym.staffInvitations': {
    needs: OWNERS,
    operation: async (gym) => ({ query: `query ($id: ID!) { gym(id: $id) { staffInvitations { edges { node { id } } } } }`, variables: { id: gym.gymId } }),
  },
};

/** Staff-only fields of queries (`@policy` outside Mutation), by `Type.field`. */
const FIELDS: Record<string, Case> = {
  'Gym.staff': {
    needs: ANY_STAFF,
    operation: async (gym) => ({ query: `query ($id: ID!) { gym(id: $id) { staff { edges { node { role } } } } }`, variables: { id: gym.gymId } }),
  },
};

/** Internal fields only the users service calls (`@inaccessible`: the router never forwards them); see staff.int.ts. */
const INTERNAL = ['_adoptLegacySetters'];

const sdl = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
const fieldsOf = (type: string): readonly FieldDefinitionNode[] =>
  sdl.definitions.flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === type ? (d.fields ?? []) : []));
const hasPolicy = (field: FieldDefinitionNode) => field.directives?.some((d) => d.name.value === 'policy') ?? false;

it('has a case for every mutation and every staff-only field of the SDL', () => {
  expect(fieldsOf('Mutation').map((f) => f.name.value).sort()).toEqual([...Object.keys(MUTATIONS), ...Object.keys(INVITATION_MUTATIONS), ...INTERNAL, ...INVITEE].sort());
  const staffOnly = sdl.definitions.flatMap((d) =>
    d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value !== 'Mutation' ? (d.fields ?? []).filter(hasPolicy).map((f) => `${d.name.value}.${f.name.value}`) : [],
  );
  expect(staffOnly.sort()).toEqual([...Object.keys(FIELDS), ...Object.keys(INVITATION_FIELDS)].sort());
  // Every public mutation is screened at the router too (docs/staff.md).
  expect(fieldsOf('Mutation').filter((f) => ![...INTERNAL, ...INVITEE].includes(f.name.value) && !hasPolicy(f)).map((f) => f.name.value)).toEqual([]);
});

/** What the gyms service answered, as far as access goes: `ok`, or the code and the gym it named. */
function outcome(response: GraphQLResponse): string {
  const refusal = response.errors?.find((e) => ['UNAUTHENTICATED', 'FORBIDDEN'].includes(e.extensions?.['code'] as string));
  if (refusal) return [refusal.extensions?.['code'], refusal.extensions?.['gymId']].filter(Boolean).join(' ');
  if (response.errors?.length) return `error ${JSON.stringify(response.errors)}`;
  return 'ok';
}

describe.each(Object.entries({ ...MUTATIONS, ...FIELDS, ...INVITATION_MUTATIONS, ...INVITATION_FIELDS }))('%s', (_name, { needs, operation }) => {
  let gym: Gym;
  let other: Gym;
  beforeAll(async () => {
    [gym, other] = [await gymAtStake(), await gymAtStake()];
  });
  const attempt = async (token: string | undefined) => {
    const { query, variables } = await operation(gym);
    return outcome(await t.gql(query, variables, token));
  };
  const refusedHere = () => (needs === 'ADMIN' ? 'FORBIDDEN' : `FORBIDDEN ${gym.gymId}`);

  it('is UNAUTHENTICATED without a token', async () => {
    expect(await attempt(undefined)).toBe('UNAUTHENTICATED');
  });

  it('is FORBIDDEN to a climber, naming the gym', async () => {
    expect(await attempt(t.tokens.climber)).toBe(refusedHere());
  });

  it("is FORBIDDEN to another gym's owner, naming this gym", async () => {
    expect(await attempt(other.members.OWNER)).toBe(refusedHere());
  });

  it('is allowed to the roles it needs at the gym and refused to the others', async () => {
    const outcomes: Record<string, string> = {};
    for (const role of STAFF_ROLES) outcomes[role] = await attempt(gym.members[role]);
    const expected = Object.fromEntries(STAFF_ROLES.map((role) => [role, needs !== 'ADMIN' && needs.includes(role) ? 'ok' : refusedHere()]));
    expect(outcomes).toEqual(expected);
  });

  it('is allowed to an ADMIN', async () => {
    expect(await attempt(t.tokens.admin)).toBe('ok');
  });
});
