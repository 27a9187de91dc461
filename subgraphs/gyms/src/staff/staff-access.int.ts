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

/** A gym with a wall, a route on it, and one member of each role. */
async function gymAtStake() {
  const gymId = (await t.build.gym(t.tokens.admin, { gradeSystemId: grades.id })).id;
  const wallId = dataOf(await t.gql(`mutation ($gymId: ID!) { createWall(input: { gymId: $gymId, name: "Cave" }) { id } }`, { gymId }, t.tokens.admin))['createWall'].id as string;
  const routeId = (await t.build.route(t.tokens.admin, { gymId, gradeId: grades.grades[0]!.id, wallId })).id;
  const members = Object.fromEntries(await Promise.all(STAFF_ROLES.map(async (role) => [role, (await t.staff(gymId, role)).token] as const))) as Record<StaffRole, string>;
  return { gymId, wallId, routeId, members };
}
type Gym = Awaited<ReturnType<typeof gymAtStake>>;

interface Case {
  /**
   * The roles at the gym that may run it; `ADMIN` for what no gym's staff decides; `ACCOUNT` for
   * what any logged-in account may (a climber's own votes and reports).
   */
  needs: readonly StaffRole[] | 'ADMIN' | 'ACCOUNT';
  /**
   * The operation against `gym`, built anew for every attempt (a name, a member to add, a route
   * to report) by whoever makes it (`token`; undefined for no one).
   */
  operation(gym: Gym, token: string | undefined): Promise<Operation>;
  /** For a write: what it would change, read back by an ADMIN, which a refused attempt leaves as it was. */
  state?(gym: Gym, variables: Record<string, any>): Promise<unknown>;
}
interface Operation {
  query: string;
  variables: Record<string, any>;
}

/** What an ADMIN reads back. */
const read = async (query: string, variables: Record<string, unknown>) => dataOf(await t.gql(query, variables, t.tokens.admin));
const gymState = (fields: string) => async (gym: Gym) => read(`query ($id: ID!) { gym(id: $id) { ${fields} } }`, { id: gym.gymId });
const routeState = (fields: string, idOf: (gym: Gym, variables: Record<string, any>) => string) => async (gym: Gym, variables: Record<string, any>) =>
  read(`query ($id: ID!) { route(id: $id) { ${fields} } }`, { id: idOf(gym, variables) });
const STAFF_STATE = gymState('staff(first: 100) { edges { node { role user { id } } } }');
const INVITATIONS_STATE = gymState('staffInvitations(first: 100) { edges { node { id status } } }');
const OPEN_REPORTS = gymState('reports(first: 100) { edges { node { id status } } }');
/** A new route on the gym's wall (for what a route can go through once: a strip, a report). */
const newRoute = async (gym: Gym) => (await t.build.route(t.tokens.admin, { gymId: gym.gymId, gradeId: grades.grades[0]!.id, wallId: gym.wallId })).id;
/** A report of a new route at the gym, by a new account: one to resolve. */
async function openReport(gym: Gym): Promise<string> {
  const reporter = await t.account();
  const query = `mutation ($input: ReportRouteInput!) { reportRoute(input: $input) { id } }`;
  return dataOf(await t.gql(query, { input: { routeId: await newRoute(gym), reason: 'LOOSE_HOLD' } }, reporter.token))['reportRoute'].id as string;
}
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

let names = 0;
const fresh = (prefix: string) => `${prefix} ${++names}`;

const MUTATIONS: Record<string, Case> = {
  createGradeSystem: {
    needs: 'ADMIN',
    operation: async () => ({
      query: `mutation ($name: String!) { createGradeSystem(input: { name: $name, discipline: BOULDER, grades: [{ value: "1", difficultyOrder: 1, scale: 100 }] }) { id } }`,
      variables: { name: fresh('System') },
    }),
    state: () => read('{ gradeSystems { id } }', {}),
  },
  createGym: {
    needs: 'ADMIN',
    operation: async () => ({
      query: `mutation ($input: CreateGymInput!) { createGym(input: $input) { id } }`,
      variables: { input: { name: fresh('Gym'), address: 'a', city: 'b', country: 'c', latitude: 0, longitude: 0, gradeSystemId: grades.id } },
    }),
    state: () => read('{ gyms(first: 1) { totalCount } }', {}),
  },
  updateGym: {
    needs: OWNERS,
    operation: async (gym) => ({ query: `mutation ($id: ID!, $name: String!) { updateGym(input: { id: $id, name: $name }) { id } }`, variables: { id: gym.gymId, name: fresh('Gym') } }),
    state: gymState('name updatedAt'),
  },
  // Archiving last would only matter for a gym shared between cases; each case has its own.
  archiveGym: {
    needs: OWNERS,
    operation: async (gym) => ({ query: `mutation ($id: ID!) { archiveGym(input: { id: $id }) { id } }`, variables: { id: gym.gymId } }),
    state: gymState('archivedAt'),
  },
  createRoute: {
    needs: ANY_STAFF,
    operation: async (gym) => ({
      query: `mutation ($input: CreateRouteInput!) { createRoute(input: $input) { id } }`,
      variables: { input: { gymId: gym.gymId, gradeId: grades.grades[1]!.id, colour: 'blue', wallId: gym.wallId } },
    }),
    state: gymState('routes { id }'),
  },
  updateRoute: {
    needs: ANY_STAFF,
    operation: async (gym) => ({ query: `mutation ($id: ID!, $colour: String!) { updateRoute(input: { id: $id, colour: $colour }) { id } }`, variables: { id: gym.routeId, colour: fresh('green') } }),
    state: routeState('colour updatedAt', (gym) => gym.routeId),
  },
  stripRoute: {
    needs: ANY_STAFF,
    operation: async (gym) => ({ query: `mutation ($id: ID!) { stripRoute(input: { id: $id }) { id } }`, variables: { id: await newRoute(gym) } }),
    state: routeState('strippedAt', (_gym, variables) => variables['id']),
  },
  planStrip: {
    needs: ANY_STAFF,
    operation: async (gym) => ({
      query: `mutation ($input: PlanStripInput!) { planStrip(input: $input) { id } }`,
      variables: { input: { routeIds: [gym.routeId], plannedStripAt: inAWeek() } },
    }),
    state: routeState('plannedStripAt', (gym) => gym.routeId),
  },
  voteRouteTags: {
    needs: 'ACCOUNT',
    operation: async (gym) => ({
      query: `mutation ($input: VoteRouteTagsInput!) { voteRouteTags(input: $input) { id } }`,
      variables: { input: { routeId: gym.routeId, tags: ['CRIMPY'] } },
    }),
    state: routeState('tagVotes { tag count }', (gym) => gym.routeId),
  },
  voteRenew: {
    needs: 'ACCOUNT',
    operation: async (gym) => ({ query: `mutation ($id: ID!) { voteRenew(routeId: $id) { id } }`, variables: { id: gym.routeId } }),
    state: routeState('renewVoteCount', (gym) => gym.routeId),
  },
  withdrawRenewVote: {
    needs: 'ACCOUNT',
    // A vote to take back, when someone makes the attempt.
    operation: async (gym, token) => {
      if (token) dataOf(await t.gql(`mutation ($id: ID!) { voteRenew(routeId: $id) { id } }`, { id: gym.routeId }, token));
      return { query: `mutation ($id: ID!) { withdrawRenewVote(routeId: $id) { id } }`, variables: { id: gym.routeId } };
    },
    state: routeState('renewVoteCount', (gym) => gym.routeId),
  },
  reportRoute: {
    needs: 'ACCOUNT',
    operation: async (gym) => ({
      query: `mutation ($input: ReportRouteInput!) { reportRoute(input: $input) { id } }`,
      variables: { input: { routeId: await newRoute(gym), reason: 'LOOSE_HOLD' } },
    }),
    state: OPEN_REPORTS,
  },
  resolveRouteReport: {
    needs: ANY_STAFF,
    operation: async (gym) => ({
      query: `mutation ($input: ResolveRouteReportInput!) { resolveRouteReport(input: $input) { id } }`,
      variables: { input: { reportId: await openReport(gym), resolution: 'Tightened' } },
    }),
    state: OPEN_REPORTS,
  },
  createWall: {
    needs: HEAD_SETTERS,
    operation: async (gym) => ({ query: `mutation ($gymId: ID!, $name: String!) { createWall(input: { gymId: $gymId, name: $name }) { id } }`, variables: { gymId: gym.gymId, name: fresh('Wall') } }),
    state: gymState('walls { id name }'),
  },
  updateWall: {
    needs: HEAD_SETTERS,
    operation: async (gym) => ({ query: `mutation ($id: ID!, $name: String!) { updateWall(input: { id: $id, name: $name }) { id } }`, variables: { id: gym.wallId, name: fresh('Wall') } }),
    state: async (gym) => read(`query ($id: ID!) { wall(id: $id) { name } }`, { id: gym.wallId }),
  },
  setWallGradeTargets: {
    needs: HEAD_SETTERS,
    operation: async (gym) => ({
      query: `mutation ($input: SetWallGradeTargetsInput!) { setWallGradeTargets(input: $input) { id } }`,
      variables: { input: { wallId: gym.wallId, targets: [{ fromGradeId: grades.grades[0]!.id, toGradeId: grades.grades[1]!.id, count: ++names % 50 }] } },
    }),
    state: async (gym) => read(`query ($id: ID!) { wall(id: $id) { gradeTargets { count } } }`, { id: gym.wallId }),
  },
  // Owners invite (inviteGymStaff); adding at once is the ADMINs' (support, a gym's first owner).
  addGymStaff: {
    needs: 'ADMIN',
    operation: async (gym) => ({
      query: `mutation ($input: AddGymStaffInput!) { addGymStaff(input: $input) { role } }`,
      variables: { input: { gymId: gym.gymId, login: (await t.account()).username, role: 'SETTER' } },
    }),
    state: STAFF_STATE,
  },
  inviteGymStaff: {
    needs: OWNERS,
    operation: async (gym) => ({
      query: `mutation ($input: InviteGymStaffInput!) { inviteGymStaff(input: $input) { id } }`,
      variables: { input: { gymId: gym.gymId, login: (await t.account()).username, role: 'SETTER' } },
    }),
    state: INVITATIONS_STATE,
  },
  cancelGymStaffInvitation: {
    needs: OWNERS,
    operation: async (gym) => {
      const invite = `mutation ($input: InviteGymStaffInput!) { inviteGymStaff(input: $input) { id } }`;
      const input = { gymId: gym.gymId, login: (await t.account()).username, role: 'SETTER' };
      const id = dataOf(await t.gql(invite, { input }, t.tokens.admin))['inviteGymStaff'].id as string;
      return { query: `mutation ($id: ID!) { cancelGymStaffInvitation(id: $id) { id } }`, variables: { id } };
    },
    state: INVITATIONS_STATE,
  },
  updateGymStaff: {
    needs: OWNERS,
    operation: async (gym) => ({
      query: `mutation ($input: UpdateGymStaffInput!) { updateGymStaff(input: $input) { role } }`,
      // A new SETTER each attempt, so that every attempt would change a role.
      variables: { input: { gymId: gym.gymId, userId: (await t.staff(gym.gymId, 'SETTER')).id, role: 'HEAD_SETTER' } },
    }),
    state: STAFF_STATE,
  },
  removeGymStaff: {
    needs: OWNERS,
    operation: async (gym) => ({
      query: `mutation ($input: RemoveGymStaffInput!) { removeGymStaff(input: $input) { role } }`,
      variables: { input: { gymId: gym.gymId, userId: (await t.staff(gym.gymId, 'SETTER')).id } },
    }),
    state: STAFF_STATE,
  },
};

/**
 * Fields outside Mutation that not everyone may read, by `Type.field`: screened at the router
 * (`@policy`, `@authenticated`), or internal (`@inaccessible`) yet reached with a viewer's token.
 */
const FIELDS: Record<string, Case> = {
  'Gym.staff': {
    needs: ANY_STAFF,
    operation: async (gym) => ({ query: `query ($id: ID!) { gym(id: $id) { staff { edges { node { role } } } } }`, variables: { id: gym.gymId } }),
  },
  'Gym.reports': {
    needs: ANY_STAFF,
    operation: async (gym) => ({ query: `query ($id: ID!) { gym(id: $id) { reports { edges { node { id } } } } }`, variables: { id: gym.gymId } }),
  },
  'Gym.routesComingDown': {
    needs: ANY_STAFF,
    operation: async (gym) => ({ query: `query ($id: ID!) { gym(id: $id) { routesComingDown { edges { node { id } } } } }`, variables: { id: gym.gymId } }),
  },
  // The users service asks for it (`Gym.setterGrading` @requires it) with the viewer's token.
  'Gym.setterRoutes': {
    needs: HEAD_SETTERS,
    operation: async (gym) => ({ query: `query ($id: ID!) { gym(id: $id) { setterRoutes { id } } }`, variables: { id: gym.gymId } }),
  },
  'Route.openReportCount': {
    needs: ANY_STAFF,
    operation: async (gym) => ({ query: `query ($id: ID!) { route(id: $id) { openReportCount } }`, variables: { id: gym.routeId } }),
  },
  // Even the climber who reported it is not named to themself: their own report, read back.
  'RouteReport.reporter': {
    needs: ANY_STAFF,
    operation: async (gym, token) => {
      const report = `mutation ($input: ReportRouteInput!) { reportRoute(input: $input) { id } }`;
      if (token) dataOf(await t.gql(report, { input: { routeId: await newRoute(gym), reason: 'SPINNING_HOLD' } }, token));
      return { query: `{ myRouteReports(first: 100) { edges { node { reporter { id } } } } }`, variables: {} };
    },
  },
  'Query.planReset': {
    needs: HEAD_SETTERS,
    operation: async (gym) => ({ query: `query ($id: ID!) { planReset(wallId: $id) { candidates { score } } }`, variables: { id: gym.wallId } }),
  },
  'Query.myRouteReports': {
    needs: 'ACCOUNT',
    operation: async () => ({ query: `{ myRouteReports { edges { node { id status } } } }`, variables: {} }),
  },
  'Gym.staffInvitations': {
    needs: OWNERS,
    operation: async (gym) => ({ query: `query ($id: ID!) { gym(id: $id) { staffInvitations { edges { node { id } } } } }`, variables: { id: gym.gymId } }),
  },
  'Query.myStaffInvitations': {
    needs: 'ACCOUNT',
    operation: async () => ({ query: `{ myStaffInvitations { edges { node { id status } } } }`, variables: {} }),
  },
};

/**
 * The invitee's own answers to an invitation: any logged-in account, for invitations addressed to
 * it alone; anyone else is NOT_FOUND (staff/invitations.int.ts).
 */
const INVITEE = ['acceptGymStaffInvitation', 'declineGymStaffInvitation'];

/** Internal fields only the users service calls with the subgraph secret (the router never forwards them); see staff.int.ts. */
const INTERNAL = ['_adoptLegacySetters'];
const INTERNAL_FIELDS = ['Query._isStaff'];

const sdl = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
const objectTypes = sdl.definitions.filter((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION);
const fieldsOf = (type: string): readonly FieldDefinitionNode[] => objectTypes.flatMap((d) => (d.name.value === type ? (d.fields ?? []) : []));
const has = (directive: string) => (field: FieldDefinitionNode) => field.directives?.some((d) => d.name.value === directive) ?? false;
const hasPolicy = has('policy');
/** How the router screens it: `staff` (@policy), `account` (@authenticated), `internal` (@inaccessible) or `none`. */
const screen = (field: FieldDefinitionNode) =>
  hasPolicy(field) ? 'staff' : has('authenticated')(field) ? 'account' : has('inaccessible')(field) ? 'internal' : 'none';
/** The screen a case's `needs` calls for: what staff of no gym cannot run is kept from them at the router. */
const screenFor = (needs: Case['needs']) => (needs === 'ACCOUNT' ? 'account' : 'staff');

it('has a case for every mutation and every field not everyone may read', () => {
  expect(fieldsOf('Mutation').map((f) => f.name.value).sort()).toEqual([...Object.keys(MUTATIONS), ...INTERNAL, ...INVITEE].sort());
  const guarded = objectTypes.flatMap((d) =>
    d.name.value === 'Mutation' ? [] : (d.fields ?? []).filter((f) => screen(f) !== 'none').map((f) => `${d.name.value}.${f.name.value}`),
  );
  expect(guarded.sort()).toEqual([...Object.keys(FIELDS), ...INTERNAL_FIELDS].sort());
});

it('is screened at the router as its case says (docs/staff.md)', () => {
  const screens = (type: string, cases: Record<string, Case>, prefix: string) =>
    fieldsOf(type).flatMap((f) => {
      const found = cases[`${prefix}${f.name.value}`];
      return found ? [[f.name.value, screen(f), screenFor(found.needs)]] : [];
    });
  const [mutations, fieldScreens] = [
    screens('Mutation', MUTATIONS, ''),
    objectTypes.flatMap((d) => (d.name.value === 'Mutation' ? [] : screens(d.name.value, FIELDS, `${d.name.value}.`))),
  ];
  // Every public mutation is screened as its case needs; internal fields reached with a viewer's token check in the resolver.
  expect(mutations.filter(([, actual, wanted]) => actual !== wanted)).toEqual([]);
  expect(fieldScreens.filter(([, actual, wanted]) => actual !== wanted && actual !== 'internal')).toEqual([]);
});

/** What the gyms service answered, as far as access goes: `ok`, or the code and the gym it named. */
function outcome(response: GraphQLResponse): string {
  const refusal = response.errors?.find((e) => ['UNAUTHENTICATED', 'FORBIDDEN'].includes(e.extensions?.['code'] as string));
  if (refusal) return [refusal.extensions?.['code'], refusal.extensions?.['gymId']].filter(Boolean).join(' ');
  if (response.errors?.length) return `error ${JSON.stringify(response.errors)}`;
  return 'ok';
}

it('is UNAUTHENTICATED without a token before it says whether the wall, route or report it names exists', async () => {
  const unknown = '7d7a2c9e-0000-4000-8000-000000000000';
  const attempts = {
    planReset: t.gql(`query ($id: ID!) { planReset(wallId: $id) { candidates { score } } }`, { id: unknown }),
    setWallGradeTargets: t.gql(`mutation ($id: ID!) { setWallGradeTargets(input: { wallId: $id, targets: [] }) { id } }`, { id: unknown }),
    planStrip: t.gql(`mutation ($id: ID!) { planStrip(input: { routeIds: [$id], plannedStripAt: null }) { id } }`, { id: unknown }),
    updateRoute: t.gql(`mutation ($id: ID!) { updateRoute(input: { id: $id, colour: "red" }) { id } }`, { id: unknown }),
    updateWall: t.gql(`mutation ($id: ID!) { updateWall(input: { id: $id, name: "Slab" }) { id } }`, { id: unknown }),
    resolveRouteReport: t.gql(`mutation ($id: ID!) { resolveRouteReport(input: { reportId: $id }) { id } }`, { id: unknown }),
  };
  const outcomes = Object.fromEntries(await Promise.all(Object.entries(attempts).map(async ([name, answer]) => [name, outcome(await answer)])));
  expect(outcomes).toEqual(Object.fromEntries(Object.keys(attempts).map((name) => [name, 'UNAUTHENTICATED'])));
});

describe.each(Object.entries({ ...MUTATIONS, ...FIELDS }))('%s', (_name, { needs, operation, state }) => {
  let gym: Gym;
  let other: Gym;
  beforeAll(async () => {
    [gym, other] = [await gymAtStake(), await gymAtStake()];
  });
  /** The outcome of one attempt; a refused write must have left what it would change as it was. */
  const attempt = async (token: string | undefined) => {
    const { query, variables } = await operation(gym, token);
    const before = await state?.(gym, variables);
    const result = outcome(await t.gql(query, variables, token));
    if (state && result !== 'ok') expect(await state(gym, variables)).toEqual(before);
    return result;
  };
  const refusedHere = () => (needs === 'ACCOUNT' ? 'ok' : needs === 'ADMIN' ? 'FORBIDDEN' : `FORBIDDEN ${gym.gymId}`);
  const mayRun = (role: StaffRole) => needs === 'ACCOUNT' || (needs !== 'ADMIN' && needs.includes(role));

  it('is UNAUTHENTICATED without a token', async () => {
    expect(await attempt(undefined)).toBe('UNAUTHENTICATED');
  });

  it(needs === 'ACCOUNT' ? 'is allowed to a climber' : 'is FORBIDDEN to a climber, naming the gym', async () => {
    expect(await attempt(t.tokens.climber)).toBe(refusedHere());
  });

  it(needs === 'ACCOUNT' ? "is allowed to another gym's owner" : "is FORBIDDEN to another gym's owner, naming this gym", async () => {
    expect(await attempt(other.members.OWNER)).toBe(refusedHere());
  });

  it('is allowed to the roles it needs at the gym and refused to the others', async () => {
    const outcomes: Record<string, string> = {};
    for (const role of STAFF_ROLES) outcomes[role] = await attempt(gym.members[role]);
    const expected = Object.fromEntries(STAFF_ROLES.map((role) => [role, mayRun(role) ? 'ok' : refusedHere()]));
    expect(outcomes).toEqual(expected);
  });

  it('is allowed to an ADMIN', async () => {
    expect(await attempt(t.tokens.admin)).toBe('ok');
  });
});
