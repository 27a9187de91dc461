import { dataOf } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

let t: GymsUnderTest;
beforeAll(async () => {
  t = await startGymsUnderTest('archived_gym_feedback');
});
afterAll(() => t?.stop());

const failures = (response: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }) =>
  response.errors?.map((e) => `${e.extensions?.['code']} ${e.extensions?.['field']} ${e.message}`);

describe("a route at an archived gym (as voteRouteTags answers)", () => {
  it('takes no renew vote, no report and no strip plan: BAD_USER_INPUT on the route id', async () => {
    const system = await t.build.gradeSystem(t.tokens.admin, { name: 'Archived V', grades: ['V0'] });
    const gymId = (await t.build.gym(t.tokens.admin, { name: 'Closed Gym', gradeSystemId: system.id })).id;
    const setter = await t.staff(gymId, 'SETTER');
    const route = (await t.build.route(t.tokens.admin, { gymId, gradeId: system.grades[0]!.id })).id;
    const vote = () => t.gql(`mutation ($id: ID!) { voteRenew(routeId: $id) { id } }`, { id: route }, t.tokens.climber);
    const report = () =>
      t.gql(`mutation ($input: ReportRouteInput!) { reportRoute(input: $input) { id } }`, { input: { routeId: route, reason: 'LOOSE_HOLD' } }, t.tokens.climber);
    const plan = () =>
      t.gql(
        `mutation ($input: PlanStripInput!) { planStrip(input: $input) { id } }`,
        { input: { routeIds: [route], plannedStripAt: new Date(Date.now() + 86_400_000).toISOString() } },
        setter.token,
      );
    // Open, the gym takes all three.
    for (const write of [vote, report, plan]) expect(failures(await write())).toBeUndefined();
    await t.build.archiveGym(t.tokens.admin, gymId);
    expect([failures(await vote()), failures(await report()), failures(await plan())]).toEqual([
      ["BAD_USER_INPUT routeId routeId: the route's gym is archived"],
      ["BAD_USER_INPUT input.routeId input.routeId: the route's gym is archived"],
      ["BAD_USER_INPUT input.routeIds input.routeIds: the route's gym is archived"],
    ]);
    // Taking one's renew vote back stays possible.
    expect(dataOf(await t.gql(`mutation ($id: ID!) { withdrawRenewVote(routeId: $id) { id } }`, { id: route }, t.tokens.climber))).toEqual({ withdrawRenewVote: { id: route } });
  });
});
