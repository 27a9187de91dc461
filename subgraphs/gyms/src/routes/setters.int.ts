import { loadConfig as loadUsersConfig } from '@clmb/users/config';
import { startService as startUsers } from '@clmb/users/service';
import { builders, dataOf, type GradeSystem, generateSigningKeys, type ServiceUnderTest, startServiceUnderTest, testDatabaseUrl } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

// The real users service the gyms service checks setters' accounts against (no stand-in).
let users: ServiceUnderTest;
let t: GymsUnderTest;
let v: GradeSystem;
let gymId: string;
let ann: string;
let ben: string;
let cid: string;
const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';

beforeAll(async () => {
  const keys = await generateSigningKeys();
  users = await startServiceUnderTest('gyms_setters_users', (config, onQuery) => startUsers(loadUsersConfig(config), { onQuery }), { keys });
  t = await startGymsUnderTest('setters', { USERS_URL: users.url }, keys);
  const accounts = builders(users.gql);
  [ann, ben, cid] = [
    (await accounts.user({ username: 'ann' })).user.id,
    (await accounts.user({ username: 'ben' })).user.id,
    (await accounts.user({ username: 'cid' })).user.id,
  ];
  v = await t.build.gradeSystem(t.tokens.admin, { name: 'Setters V', grades: ['V0', 'V1', 'V2'] });
  gymId = (await t.build.gym(t.tokens.admin, { name: 'Setters Gym', gradeSystemId: v.id })).id;
}, 120_000);
afterAll(async () => {
  await t?.stop();
  await users?.stop();
});

const FIELDS = 'id setters { id }';
const create = (input: Record<string, unknown>, token = t.tokens.admin) =>
  t.gql(`mutation ($input: CreateRouteInput!) { createRoute(input: $input) { ${FIELDS} } }`, { input: { gymId, gradeId: v.grades[0]!.id, colour: 'red', ...input } }, token);
const update = (input: Record<string, unknown>, token = t.tokens.admin) =>
  t.gql(`mutation ($input: UpdateRouteInput!) { updateRoute(input: $input) { ${FIELDS} } }`, { input }, token);
const settersOf = async (id: string) => dataOf(await t.gql(`query ($id: ID!) { route(id: $id) { setters { id } } }`, { id }))['route'].setters;
const errorsOf = (response: { errors?: { message: string; extensions?: Record<string, any> }[] }) =>
  response.errors?.map((e) => [e.message, e.extensions?.['code'], e.extensions?.['field']]);

describe('Route.setters', () => {
  it('credits setters in the order given, replaces them on update, keeps them when left out', async () => {
    const route = dataOf(await create({ setterIds: [ben, ann] }))['createRoute'];
    expect(route.setters).toEqual([{ id: ben }, { id: ann }]);
    expect(await settersOf(route.id)).toEqual([{ id: ben }, { id: ann }]);
    expect(dataOf(await update({ id: route.id, colour: 'blue' }))['updateRoute'].setters).toEqual([{ id: ben }, { id: ann }]);
    expect(dataOf(await update({ id: route.id, setterIds: [cid, ann, ben] }))['updateRoute'].setters).toEqual([{ id: cid }, { id: ann }, { id: ben }]);
    expect(await settersOf(route.id)).toEqual([{ id: cid }, { id: ann }, { id: ben }]);
    expect(dataOf(await update({ id: route.id, setterIds: [] }))['updateRoute'].setters).toEqual([]);
    expect(await settersOf(route.id)).toEqual([]);
    expect(dataOf(await create({}))['createRoute'].setters).toEqual([]);
  });

  it('refuses more than 5, the same account twice, a null, a malformed id and an id that is no account, naming the field', async () => {
    const six = [ann, ben, cid, UNKNOWN, UNKNOWN.replace('0000-4', '0001-4'), UNKNOWN.replace('0000-4', '0002-4')];
    expect(errorsOf(await create({ setterIds: six }))).toEqual([['input.setterIds: must name at most 5 setters', 'BAD_USER_INPUT', 'input.setterIds']]);
    expect(errorsOf(await create({ setterIds: [ann, ben, ann] }))).toEqual([['input.setterIds.2: names setter 0 again', 'BAD_USER_INPUT', 'input.setterIds.2']]);
    expect(errorsOf(await create({ setterIds: ['ann'] }))).toEqual([['input.setterIds.0: must be a UUID', 'BAD_USER_INPUT', 'input.setterIds.0']]);
    expect(errorsOf(await create({ setterIds: [ann, UNKNOWN] }))).toEqual([['input.setterIds.1: no account has this id', 'BAD_USER_INPUT', 'input.setterIds.1']]);
    const route = dataOf(await create({ setterIds: [ann] }))['createRoute'];
    expect(errorsOf(await update({ id: route.id, setterIds: null }))).toEqual([
      ['input.setterIds: cannot be null: omit the field to keep its value', 'BAD_USER_INPUT', 'input.setterIds'],
    ]);
    expect(errorsOf(await update({ id: route.id, setterIds: [ben, UNKNOWN] }))).toEqual([['input.setterIds.1: no account has this id', 'BAD_USER_INPUT', 'input.setterIds.1']]);
    // A refused write changes nothing.
    expect(await settersOf(route.id)).toEqual([{ id: ann }]);
  });

  it('refuses a climber', async () => {
    const response = await create({ setterIds: [ann] }, t.tokens.climber);
    expect(response.errors?.map((e) => e.extensions?.['code'])).toEqual(['FORBIDDEN']);
  });

  it('answers SUBGRAPH_UNAVAILABLE, and writes nothing, when the users service cannot be asked', async () => {
    const down = await startGymsUnderTest('setters_down', { USERS_URL: 'http://127.0.0.1:9/graphql' });
    try {
      const system = await down.build.gradeSystem(down.tokens.admin);
      const gym = (await down.build.gym(down.tokens.admin, { gradeSystemId: system.id })).id;
      const input = { gymId: gym, gradeId: system.grades[0]!.id, colour: 'red', setterIds: [ann] };
      const refused = await down.gql(`mutation ($input: CreateRouteInput!) { createRoute(input: $input) { id } }`, { input }, down.tokens.admin);
      expect(errorsOf(refused)).toEqual([['The users service is unavailable.', 'SUBGRAPH_UNAVAILABLE', undefined]]);
      expect(dataOf(await down.gql(`query ($id: ID!) { gym(id: $id) { routes { id } } }`, { id: gym }))['gym'].routes).toEqual([]);
      // Without setters users is not asked: the route is set.
      expect(dataOf(await down.gql(`mutation ($input: CreateRouteInput!) { createRoute(input: $input) { setters { id } } }`, { input: { ...input, setterIds: [] } }, down.tokens.admin))).toEqual({
        createRoute: { setters: [] },
      });
    } finally {
      await down.stop();
    }
  });
});

// PGlite answers one statement at a time: writes cannot meet there, so this needs TEST_DATABASE_URL.
describe.skipIf(!testDatabaseUrl())('concurrent writes of one route\'s setters (skipped without TEST_DATABASE_URL)', () => {
  it('queue: every write answers, and the setters are those of one of them', async () => {
    const orders = [[ann, ben], [ben, cid], [cid, ann, ben], [ben], [cid, ben], [ann], [ben, ann, cid], [cid]];
    for (let round = 0; round < 5; round++) {
      const id = dataOf(await create({ setterIds: round % 2 ? [] : [ann] }))['createRoute'].id;
      const answers = await Promise.all(orders.map((setterIds, i) => update(i % 2 ? { id, setterIds } : { id, setterIds, colour: `c${i}` })));
      expect(answers.flatMap((answer) => errorsOf(answer) ?? [])).toEqual([]);
      expect(orders).toContainEqual((await settersOf(id)).map((setter: { id: string }) => setter.id));
    }
  });
});

describe('Gym.setterRoutes (for the users service)', () => {
  const SETTER_ROUTES = `query ($id: ID!) { gym(id: $id) { name setterRoutes { grade { scale } setters { id } } } }`;

  it('lists the routes on the wall and the stripped ones, with grades and setters, to head setters', async () => {
    const gym = (await t.build.gym(t.tokens.admin, { name: 'Setter Routes', gradeSystemId: v.id })).id;
    const standing = dataOf(await create({ gymId: gym, gradeId: v.grades[1]!.id, setterIds: [ann] }))['createRoute'];
    const stripped = dataOf(await create({ gymId: gym, gradeId: v.grades[2]!.id, setterIds: [ann, ben] }))['createRoute'];
    await t.build.stripRoute(t.tokens.admin, stripped.id);
    const answer = dataOf(await t.gql(SETTER_ROUTES, { id: gym }, t.tokens.admin))['gym'];
    expect(answer.setterRoutes).toHaveLength(2);
    expect(answer.setterRoutes).toEqual(
      expect.arrayContaining([
        { grade: { scale: 110 }, setters: [{ id: ann }] },
        { grade: { scale: 120 }, setters: [{ id: ann }, { id: ben }] },
      ]),
    );
    expect(standing.id).toBeTruthy();
  });

  it('is null with FORBIDDEN for a climber, UNAUTHENTICATED without a token; the gym still arrives', async () => {
    const climber = await t.gql(SETTER_ROUTES, { id: gymId }, t.tokens.climber);
    expect(climber.data).toEqual({ gym: { name: 'Setters Gym', setterRoutes: null } });
    expect(climber.errors?.map((e) => [e.path, e.extensions?.['code']])).toEqual([[['gym', 'setterRoutes'], 'FORBIDDEN']]);
    const anonymous = await t.gql(SETTER_ROUTES, { id: gymId });
    expect(anonymous.errors?.map((e) => e.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
  });
});

describe('statements', () => {
  const ROUTES = `query ($id: ID!) { gym(id: $id) { routes { id setters { id } } setterRoutes { id grade { scale } setters { id } } } }`;

  it('are as many for a gym of 200 routes with setters as for one of 10', async () => {
    const count = async (size: number) => {
      const gym = (await t.build.gym(t.tokens.admin, { name: `Statements ${size}`, gradeSystemId: v.id })).id;
      for (let i = 0; i < size; i++) await create({ gymId: gym, gradeId: v.grades[i % 3]!.id, setterIds: i % 2 ? [ann, ben] : [cid] });
      t.resetStatements();
      const answer = dataOf(await t.gql(ROUTES, { id: gym }, t.tokens.admin))['gym'];
      expect(answer.routes).toHaveLength(size);
      expect(answer.setterRoutes).toHaveLength(size);
      return t.statements.length;
    };
    const ten = await count(10);
    expect(await count(200)).toBe(ten);
    // The gym; its routes, standing and with the stripped ones, in one; every route's setters in one.
    expect(ten).toBe(3);
  }, 120_000);
});
