import { pgError } from '@clmb/common';
import { dataOf, errorCodes, type GradeSystem } from '@clmb/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RoutesInProcess, startRoutesInProcess, viewerOf } from './test-routes';

let t: RoutesInProcess;
let v: GradeSystem;
let gymId: string;
const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startRoutesInProcess('gyms_route_tags');
  v = await t.build.gradeSystem('admin', { name: 'Test V', grades: ['V0', 'V1', 'V2'] });
  gymId = (await t.build.gym('admin', { name: 'Alpha Boulders', gradeSystemId: v.id })).id;
});
afterAll(() => t?.stop());

const TAGS = 'tags tagVotes { tag count } myTagVotes';
const mutate = (name: string, type: string, input: Record<string, unknown>, token = 'admin') =>
  t.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { id name ${TAGS} } }`, { input }, token);
const create = (input: Record<string, unknown>) => mutate('createRoute', 'CreateRouteInput', { gymId, gradeId: v.grades[0]!.id, colour: 'red', ...input });
const created = async (input: Record<string, unknown>) => dataOf(await create(input))['createRoute'];
const vote = (routeId: string, tags: string[], token: string | null) =>
  t.gql(`mutation ($input: VoteRouteTagsInput!) { voteRouteTags(input: $input) { ${TAGS} } }`, { input: { routeId, tags } }, token ?? undefined);
const voted = async (routeId: string, tags: string[], token: string) => dataOf(await vote(routeId, tags, token))['voteRouteTags'];
const tagsOf = async (id: string, token?: string) => dataOf(await t.gql(`query ($id: ID!) { route(id: $id) { ${TAGS} } }`, { id }, token))['route'];
const badFields = (response: { errors?: { extensions?: Record<string, any> }[] }) => response.errors?.map((e) => `${e.extensions?.['code']} ${e.extensions?.['field']}`);

describe('setters’ tags', () => {
  it('are given in createRoute and updateRoute, in the setter’s order: at most 6, each once; null clears them', async () => {
    const route = await created({ name: 'Tagged', tags: ['SLAB', 'CRIMPY'] });
    expect(route).toMatchObject({ tags: ['SLAB', 'CRIMPY'], tagVotes: [], myTagVotes: [] });
    expect((await created({ name: 'Untagged' })).tags).toEqual([]);
    const update = (tags: unknown) => mutate('updateRoute', 'UpdateRouteInput', { id: route.id, tags });
    expect(dataOf(await update(['DYNO', 'ROOF', 'JUGS']))['updateRoute'].tags).toEqual(['DYNO', 'ROOF', 'JUGS']);
    expect(dataOf(await mutate('updateRoute', 'UpdateRouteInput', { id: route.id, name: 'Kept' }))['updateRoute'].tags).toEqual(['DYNO', 'ROOF', 'JUGS']);
    expect(dataOf(await update(null))['updateRoute'].tags).toEqual([]);

    const seven = ['CRIMPY', 'SLOPEY', 'PINCHY', 'POCKETS', 'JUGS', 'SLAB', 'ROOF'];
    expect(badFields(await create({ tags: seven }))).toEqual(['BAD_USER_INPUT input.tags']);
    expect(badFields(await create({ tags: ['SLAB', 'SLAB'] }))).toEqual(['BAD_USER_INPUT input.tags']);
    expect(badFields(await update(seven.slice(0, 6).concat('MORPHO')))).toEqual(['BAD_USER_INPUT input.tags']);
    expect(errorCodes(await mutate('updateRoute', 'UpdateRouteInput', { id: route.id, tags: ['SLAB'] }, 'climber'))).toEqual(['FORBIDDEN']);
    expect((await tagsOf(route.id)).tags).toEqual([]);
  });

  it('come from a fixed vocabulary, which GraphQL and the database both hold to', async () => {
    const unknown = await t.gql(`mutation { createRoute(input: { gymId: "${gymId}", gradeId: "${v.grades[0]!.id}", colour: "red", tags: [SPICY] }) { id } }`, {}, 'admin');
    expect(errorCodes(unknown)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const route = await created({ tags: ['SLAB'] });
    const refusal = (write: Promise<unknown>) => write.then(() => null, pgError);
    // invalid_text_representation: not a value of the enum; check_violation: more than 6.
    expect(await refusal(t.db.execute(sql`update gyms.route set tags = '{SPICY}' where id = ${route.id}`))).toEqual({ code: '22P02' });
    expect(await refusal(t.db.execute(sql`update gyms.route set tags = '{SLAB,CRIMPY,ROOF,DYNO,JUGS,MANTLE,MORPHO}' where id = ${route.id}`))).toEqual({
      code: '23514',
      constraint: 'route_tags_max',
    });
  });
});

describe('climbers’ votes', () => {
  it('replace the climber’s votes; Route.tags adds the tags 3 climbers voted for, tagVotes counts them', async () => {
    const route = await created({ name: 'Voted', tags: ['SLAB'] });
    expect(await voted(route.id, ['CRIMPY', 'SLAB', 'DYNO'], 'climber-1')).toEqual({
      tags: ['SLAB'],
      tagVotes: [
        { tag: 'CRIMPY', count: 1 },
        { tag: 'SLAB', count: 1 },
        { tag: 'DYNO', count: 1 },
      ],
      myTagVotes: ['CRIMPY', 'SLAB', 'DYNO'],
    });
    await voted(route.id, ['DYNO', 'CRIMPY'], 'climber-2');
    expect(await voted(route.id, ['CRIMPY'], 'climber-3')).toEqual({
      tags: ['SLAB', 'CRIMPY'],
      tagVotes: [
        { tag: 'CRIMPY', count: 3 },
        { tag: 'DYNO', count: 2 },
        { tag: 'SLAB', count: 1 },
      ],
      myTagVotes: ['CRIMPY'],
    });
    // climber-3 changes their mind: CRIMPY falls to 2, DYNO reaches 3; ties in the vocabulary's order.
    expect(await voted(route.id, ['BALANCE', 'DYNO'], 'climber-3')).toEqual({
      tags: ['SLAB', 'DYNO'],
      tagVotes: [
        { tag: 'DYNO', count: 3 },
        { tag: 'CRIMPY', count: 2 },
        { tag: 'SLAB', count: 1 },
        { tag: 'BALANCE', count: 1 },
      ],
      myTagVotes: ['DYNO', 'BALANCE'],
    });
    // The setter's tag is shown once, first, however many vote for it.
    await voted(route.id, ['SLAB'], 'climber-2');
    await voted(route.id, ['SLAB', 'DYNO'], 'climber-4');
    expect(await tagsOf(route.id, 'climber-1')).toMatchObject({ tags: ['SLAB', 'DYNO'], myTagVotes: ['CRIMPY', 'SLAB', 'DYNO'] });
    expect(await tagsOf(route.id)).toMatchObject({ myTagVotes: [] });
    // An empty list takes the votes back: DYNO falls to 2.
    expect(await voted(route.id, [], 'climber-3')).toMatchObject({ tags: ['SLAB'], myTagVotes: [] });
    expect(await voted(route.id, [], 'climber-4')).toMatchObject({ tags: ['SLAB'], myTagVotes: [] });
    expect((await tagsOf(route.id)).tagVotes).toEqual([
      { tag: 'SLAB', count: 2 },
      { tag: 'CRIMPY', count: 1 },
      { tag: 'DYNO', count: 1 },
    ]);
  });

  it('writes one climber’s votes one at a time, however many arrive at once', async () => {
    const route = await created({ name: 'Concurrent' });
    const choices = [['JUGS', 'SLAB', 'ROOF'], ['JUGS', 'DYNO'], ['MANTLE'], ['JUGS', 'SLAB', 'ROOF'], ['CRIMPY', 'SLAB']];
    const answers = await Promise.all(choices.map((tags) => vote(route.id, tags, 'climber-7')));
    expect(answers.flatMap(errorCodes)).toEqual([]);
    const { tagVotes, myTagVotes } = await tagsOf(route.id, 'climber-7');
    // One of the choices stands, each of its tags voted once.
    expect(choices.map((tags) => [...tags].sort())).toContainEqual([...myTagVotes].sort());
    expect(tagVotes).toEqual(expect.arrayContaining(myTagVotes.map((tag: string) => ({ tag, count: 1 }))));
    expect(tagVotes).toHaveLength(myTagVotes.length);
  });

  it('refuses anonymous votes, a stripped or unknown route, more than 3 tags and a tag twice', async () => {
    const route = await created({ name: 'Refusing' });
    await voted(route.id, ['JUGS'], 'climber-1');
    expect(errorCodes(await vote(route.id, ['JUGS'], null))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await vote(UNKNOWN, ['JUGS'], 'climber-1'))).toEqual(['NOT_FOUND']);
    const cases: [string, string[], string][] = [
      [route.id, ['JUGS', 'SLAB', 'ROOF', 'DYNO'], 'input.tags'],
      [route.id, ['JUGS', 'JUGS'], 'input.tags'],
      ['not-a-route', ['JUGS'], 'input.routeId'],
    ];
    for (const [routeId, tags, field] of cases) expect({ tags, errors: badFields(await vote(routeId, tags, 'climber-1')) }).toEqual({ tags, errors: [`BAD_USER_INPUT ${field}`] });
    await t.build.stripRoute('admin', route.id);
    expect(badFields(await vote(route.id, ['SLAB'], 'climber-2'))).toEqual(['BAD_USER_INPUT input.routeId']);
    expect(badFields(await vote(route.id, [], 'climber-1'))).toEqual(['BAD_USER_INPUT input.routeId']);
    // A stripped route keeps the votes it had.
    expect(await tagsOf(route.id, 'climber-1')).toEqual({ tags: [], tagVotes: [{ tag: 'JUGS', count: 1 }], myTagVotes: ['JUGS'] });
    const closed = (await t.build.gym('admin', { name: 'Closed Gym', gradeSystemId: v.id })).id;
    const closedRoute = dataOf(await mutate('createRoute', 'CreateRouteInput', { gymId: closed, gradeId: v.grades[0]!.id, colour: 'red' }))['createRoute'];
    await t.build.archiveGym('admin', closed);
    expect(badFields(await vote(closedRoute.id, ['SLAB'], 'climber-2'))).toEqual(['BAD_USER_INPUT input.routeId']);
  });

  it('allow a climber 60 changes an hour, counting each tag voted for or taken back, from the votes’ own times', async () => {
    const route = await created({ name: 'Rate Limited' });
    const other = await created({ name: 'Elsewhere' });
    // Voting and taking back, 30 times: 60 changes, although no vote stands at the end.
    for (let i = 0; i < 60; i++) expect(errorCodes(await vote(route.id, i % 2 ? [] : ['JUGS'], 'climber-9'))).toEqual([]);
    const refused = await vote(other.id, ['JUGS'], 'climber-9');
    expect(refused.errors?.map((e) => e.extensions)).toEqual([
      { code: 'TOO_MANY_REQUESTS', reason: 'TAG_VOTES', limit: 60, remaining: 0, retryAfterSeconds: expect.any(Number) },
    ]);
    expect(refused.errors![0]!.extensions!['retryAfterSeconds']).toBeGreaterThan(3500);
    expect(refused.errors![0]!.extensions!['retryAfterSeconds']).toBeLessThanOrEqual(3600);
    // A vote that changes nothing counts nothing; another climber has an hour of their own.
    expect(errorCodes(await vote(route.id, [], 'climber-9'))).toEqual([]);
    expect(errorCodes(await vote(other.id, ['JUGS'], 'climber-8'))).toEqual([]);
    expect((await tagsOf(other.id)).tagVotes).toEqual([{ tag: 'JUGS', count: 1 }]);

    // An hour later (the votes' times moved back), the climber votes again, and the votes taken
    // back over an hour ago are gone: nothing counts them any more.
    const userId = viewerOf('climber-9')!.id;
    await t.db.execute(
      sql`update gyms.route_tag_vote set created_at = created_at - interval '61 minutes', withdrawn_at = withdrawn_at - interval '61 minutes' where user_id = ${userId}`,
    );
    expect(await voted(other.id, ['JUGS'], 'climber-9')).toMatchObject({ tagVotes: [{ tag: 'JUGS', count: 2 }], myTagVotes: ['JUGS'] });
    expect(await t.rows(sql`select tag, withdrawn_at from gyms.route_tag_vote where user_id = ${userId}`)).toEqual([{ tag: 'JUGS', withdrawn_at: null }]);
  });
});

describe('Gym.routes(filter: { tags })', () => {
  it('keeps the routes carrying every tag given, as Route.tags shows them', async () => {
    const gym = (await t.build.gym('admin', { name: 'Filter Gym', gradeSystemId: v.id })).id;
    const make = async (name: string, tags: string[], colour = 'red') =>
      dataOf(await mutate('createRoute', 'CreateRouteInput', { gymId: gym, gradeId: v.grades[0]!.id, colour, name, tags }))['createRoute'].id as string;
    await make('Setter both', ['CRIMPY', 'OVERHANG']);
    const crowd = await make('Crowd overhang', ['CRIMPY'], 'blue');
    const few = await make('Too few votes', ['CRIMPY']);
    await make('Nothing', []);
    for (const climber of ['climber-1', 'climber-2', 'climber-3']) await vote(crowd, ['OVERHANG'], climber);
    for (const climber of ['climber-1', 'climber-2']) await vote(few, ['OVERHANG'], climber);
    const names = async (filter: Record<string, unknown> | null) => {
      const response = await t.gql(`query ($id: ID!, $filter: RouteFilter) { gym(id: $id) { routes(filter: $filter) { name tags } } }`, { id: gym, filter });
      return dataOf(response)['gym'].routes.map((r: { name: string; tags: string[] }) => `${r.name}: ${r.tags.join(' ')}`).sort();
    };
    expect(await names({ tags: ['CRIMPY', 'OVERHANG'] })).toEqual(['Crowd overhang: CRIMPY OVERHANG', 'Setter both: CRIMPY OVERHANG']);
    expect(await names({ tags: ['OVERHANG', 'OVERHANG'], colour: 'blue' })).toEqual(['Crowd overhang: CRIMPY OVERHANG']);
    expect(await names({ tags: ['CRIMPY'] })).toHaveLength(3);
    expect(await names({ tags: [] })).toHaveLength(4);
    expect(await names({ tags: ['MORPHO'] })).toEqual([]);
    const tooMany = await t.gql(`query ($id: ID!, $filter: RouteFilter) { gym(id: $id) { routes(filter: $filter) { name } } }`, {
      id: gym,
      filter: { tags: Array.from({ length: 21 }, () => 'SLAB') },
    });
    expect(badFields(tooMany)).toEqual(['BAD_USER_INPUT filter.tags']);
  });
});
