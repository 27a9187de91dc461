import { dataOf, errorCodes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gate, startGate } from './gate';
import { type Supergraph, startSupergraph } from './supergraph';

/**
 * Staff per gym through the router (docs/staff.md): the router's `staff` policy screens out who is
 * staff nowhere before planning, from the access token's `staff` claim; the gyms service decides
 * which gym. The users service finds a login for gyms and signs the claim.
 */
describe('staff per gym', () => {
  let sg: Supergraph;
  let gyms: Gate;
  let admin: string;
  let gymA: { gymId: string; grades: { id: string }[] };
  let gymB: { gymId: string; grades: { id: string }[] };

  beforeAll(async () => {
    sg = await startSupergraph({
      routerUrls: async (urls) => {
        gyms = await startGate(urls.gyms);
        return { users: urls.users, gyms: gyms.url };
      },
    });
    admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    gymA = await sg.build.gymWithRoutes(admin, { slug: 'staff-a', routeCount: 1 });
    gymB = await sg.build.gymWithRoutes(admin, { slug: 'staff-b', routeCount: 1 });
  });
  afterAll(async () => {
    await sg?.stop();
    await gyms?.stop();
  });

  const CREATE_ROUTE = /* GraphQL */ `mutation CreateRoute($input: CreateRouteInput!) { createRoute(input: $input) { id gym { id } } }`;
  const ADD = /* GraphQL */ `mutation AddStaff($input: AddGymStaffInput!) { addGymStaff(input: $input) { user { id username } role } }`;
  const REMOVE = /* GraphQL */ `mutation RemoveStaff($input: RemoveGymStaffInput!) { removeGymStaff(input: $input) { role } }`;
  const REFRESH = /* GraphQL */ `mutation Refresh($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken } }`;
  const ME = /* GraphQL */ `query Me { me { username staffRoles { gym { id name } role } } }`;
  const routeAt = (gym: typeof gymA) => ({ input: { gymId: gym.gymId, gradeId: gym.grades[0]!.id, colour: 'pink' } });
  const refresh = async (refreshToken: string) => dataOf(await sg.request(REFRESH, { t: refreshToken }))['refreshToken'] as { accessToken: string; refreshToken: string };
  const gymsRequests = async <T>(run: () => Promise<T>) => {
    const before = gyms.bodies.length;
    const result = await run();
    return { result, sent: gyms.bodies.slice(before).filter((body) => body.includes('createRoute')).length };
  };

  it("refuses a climber's gyms mutation at the router, before planning", async () => {
    const climber = await sg.build.user({ username: 'not_staff' });
    const { result, sent } = await gymsRequests(() => sg.request(CREATE_ROUTE, routeAt(gymA), climber.accessToken));
    expect([result.status, errorCodes(result), sent]).toEqual([403, ['FORBIDDEN'], 0]);
  });

  it('lets staff of another gym past the router, where the gyms service refuses them naming the gym', async () => {
    const member = await sg.build.user({ username: 'owner_of_b' });
    expect(dataOf(await sg.request(ADD, { input: { gymId: gymB.gymId, login: 'owner_of_b', role: 'OWNER' } }, admin))['addGymStaff']).toEqual({
      user: { id: member.user.id, username: 'owner_of_b' },
      role: 'OWNER',
    });
    const next = await refresh(member.refreshToken);
    const { result, sent } = await gymsRequests(() => sg.request(CREATE_ROUTE, routeAt(gymA), next.accessToken));
    expect([errorCodes(result), result.errors?.[0]?.extensions?.['gymId'], sent]).toEqual([['FORBIDDEN'], gymA.gymId, 1]);
    expect(dataOf(await sg.request(CREATE_ROUTE, routeAt(gymB), next.accessToken))['createRoute'].gym).toEqual({ id: gymB.gymId });
  });

  it('lets a freshly added member write from their next token on, shows their gyms, and stops them at once when removed', async () => {
    const member = await sg.build.user({ username: 'new_setter' });
    expect(dataOf(await sg.request(ADD, { input: { gymId: gymA.gymId, login: 'NEW_SETTER', role: 'SETTER' } }, admin))['addGymStaff'].role).toBe('SETTER');
    // The token from before carries no staff claim: the router refuses until it is refreshed.
    expect(errorCodes(await sg.request(CREATE_ROUTE, routeAt(gymA), member.accessToken))).toEqual(['FORBIDDEN']);
    const next = await refresh(member.refreshToken);
    expect(dataOf(await sg.request(CREATE_ROUTE, routeAt(gymA), next.accessToken))['createRoute'].gym).toEqual({ id: gymA.gymId });
    expect(dataOf(await sg.request(ME, {}, next.accessToken))['me']).toEqual({
      username: 'new_setter',
      staffRoles: [{ gym: { id: gymA.gymId, name: 'Gym staff-a' }, role: 'SETTER' }],
    });
    expect(errorCodes(await sg.request(REMOVE, { input: { gymId: gymA.gymId, userId: member.user.id } }, next.accessToken))).toEqual([]);
    const after = await sg.request(CREATE_ROUTE, routeAt(gymA), next.accessToken);
    expect([errorCodes(after), after.errors?.[0]?.extensions?.['gymId']]).toEqual([['FORBIDDEN'], gymA.gymId]);
  });

  it('answers an unknown login on input.login, through the users service', async () => {
    const response = await sg.request(ADD, { input: { gymId: gymA.gymId, login: 'nobody_here', role: 'SETTER' } }, admin);
    expect([errorCodes(response), response.errors?.[0]?.extensions?.['field']]).toEqual([['BAD_USER_INPUT'], 'input.login']);
  });
});
