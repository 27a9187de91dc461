import { type Auth, dataOf, errorCodes, type GymWithRoutes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

const DAY_MS = 86_400_000;

const ADD_STAFF = /* GraphQL */ `mutation AddStaff($input: AddGymStaffInput!) { addGymStaff(input: $input) { user { id username } role } }`;
const INVITE = /* GraphQL */ `mutation Invite($input: InviteGymStaffInput!) { inviteGymStaff(input: $input) { id login role status } }`;
const MY_INVITATIONS = /* GraphQL */ `query MyInvitations { myStaffInvitations { edges { node { id } } } }`;
const ACCEPT = /* GraphQL */ `mutation Accept($id: ID!) { acceptGymStaffInvitation(id: $id) { user { id username } role } }`;
const REFRESH = /* GraphQL */ `mutation Refresh($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken } }`;
const CREATE_WALL = /* GraphQL */ `mutation Wall($input: CreateWallInput!) { createWall(input: $input) { id } }`;
const TARGETS = /* GraphQL */ `mutation Targets($input: SetWallGradeTargetsInput!) { setWallGradeTargets(input: $input) { gradeTargets { count } } }`;
const CREATE_ROUTE = /* GraphQL */ `mutation SetRoute($input: CreateRouteInput!) {
  createRoute(input: $input) { id plannedStripAt tags setters { username } }
}`;
const ROUTE_PAGE = /* GraphQL */ `query RoutePage($id: ID!) {
  route(id: $id) {
    plannedStripAt outSoon strippedAt tags tagVotes { tag count } myTagVotes renewVoteCount myRenewVote
    setters { username } projectCount myProject { status expiresAt }
  }
}`;
const PROJECTS = /* GraphQL */ `query Projects { me { projects(first: 10) { edges { node { route { id } status sentAt expiresAt } } } } }`;
const PLAN = /* GraphQL */ `query Plan($id: ID!) {
  planReset(wallId: $id) {
    bandsToFill { target { fromGrade { value } toGrade { value } count } current missing }
    candidates { route { id } score reasons { reason value points } }
    ratingsIncluded
  }
}`;
const QUEUE = /* GraphQL */ `query Queue($id: ID!) { gym(id: $id) { reports { edges { node { id reason note status reporter { username } route { id } } } } } }`;
const MY_REPORTS = /* GraphQL */ `query Mine { myRouteReports { edges { node { id status resolution } } } }`;
/** What the gym's staff see of their gym: what a refused write would have changed. */
const STAFF_VIEW = /* GraphQL */ `query StaffView($id: ID!) {
  gym(id: $id) {
    name outSoonDays archivedAt
    staff { edges { node { user { username } role } } }
    walls { name gradeTargets { fromGrade { value } toGrade { value } count } }
    reports(status: OPEN) { edges { node { id status } } }
    routes(includeStripped: true) { id colour tags plannedStripAt strippedAt setters { username } }
  }
}`;

/**
 * A route's whole life through the router (issue 18, docs/route-life.md): the staff of a gym plan
 * a wall, set its routes, read what climbers tell them, plan the reset and take the route down,
 * while climbers project, vote, report and send; the staff of another gym are refused all along.
 */
describe("a route's whole life through the router", () => {
  let sg: Supergraph;
  let admin: string;
  let gym: GymWithRoutes;
  let other: GymWithRoutes;
  let owner: Auth;
  let staff: { headSetter: Auth; setter: Auth };
  let stranger: string;
  let climbers: Auth[];
  let wallId: string;
  let routeA: { id: string; plannedStripAt: string };
  let routeB: { id: string; plannedStripAt: string };
  let reportId: string;

  const refresh = async (auth: Auth): Promise<Auth> => ({ ...auth, ...dataOf(await sg.request(REFRESH, { t: auth.refreshToken }))['refreshToken'] });
  const ok = async (query: string, variables: Record<string, unknown>, token?: string) => dataOf(await sg.request(query, variables, token));

  /**
   * Step 1: the gym's OWNER puts a head setter and a setter on its staff by username, and they
   * refresh their tokens to carry the `staff` claim (docs/staff.md). The one place that says how
   * staff join a gym: it becomes an invitation by email once those exist.
   */
  /** The OWNER invites a head setter and a setter by username; each accepts, then refreshes their token. */
  async function staffTheGym(ownerToken: string, gymId: string): Promise<{ headSetter: Auth; setter: Auth }> {
    const headSetter = await sg.build.user({ username: 'hana_head' });
    const setter = await sg.build.user({ username: 'sal_setter' });
    for (const [member, login, role] of [
      [headSetter, 'hana_head', 'HEAD_SETTER'],
      [setter, 'Sal_Setter', 'SETTER'],
    ] as const) {
      const invitation = (await ok(INVITE, { input: { gymId, login, role } }, ownerToken))['inviteGymStaff'];
      expect(invitation).toEqual({ id: invitation.id, login, role, status: 'PENDING' });
      expect((await ok(MY_INVITATIONS, {}, member.accessToken))['myStaffInvitations'].edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([invitation.id]);
      expect((await ok(ACCEPT, { id: invitation.id }, member.accessToken))['acceptGymStaffInvitation']).toEqual({ user: { id: member.user.id, username: login.toLowerCase() }, role });
    }
    return { headSetter: await refresh(headSetter), setter: await refresh(setter) };
  }

  beforeAll(async () => {
    sg = await startSupergraph();
    admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    gym = await sg.build.gymWithRoutes(admin, { slug: 'route-life', routeCount: 0 });
    other = await sg.build.gymWithRoutes(admin, { slug: 'route-life-other', routeCount: 0 });
    owner = await sg.build.user({ username: 'olive_owner' });
    const otherOwner = await sg.build.user({ username: 'otto_other' });
    await ok(ADD_STAFF, { input: { gymId: gym.gymId, login: 'olive_owner', role: 'OWNER' } }, admin);
    await ok(ADD_STAFF, { input: { gymId: other.gymId, login: 'otto_other', role: 'OWNER' } }, admin);
    owner = await refresh(owner);
    stranger = (await refresh(otherOwner)).accessToken;
    climbers = [await sg.build.user({ username: 'cleo' }), await sg.build.user({ username: 'dina' }), await sg.build.user({ username: 'emil' })];
  }, 120_000);
  afterAll(() => sg?.stop());

  it('1. the OWNER invites a head setter and a setter, who accept and plan the wall', async () => {
    staff = await staffTheGym(owner.accessToken, gym.gymId);
    const members = (await ok(STAFF_VIEW, { id: gym.gymId }, owner.accessToken))['gym'].staff.edges.map((edge: { node: unknown }) => edge.node);
    expect(members).toEqual([
      { user: { username: 'sal_setter' }, role: 'SETTER' },
      { user: { username: 'hana_head' }, role: 'HEAD_SETTER' },
      { user: { username: 'olive_owner' }, role: 'OWNER' },
    ]);
    wallId = (await ok(CREATE_WALL, { input: { gymId: gym.gymId, name: 'Cave' } }, staff.headSetter.accessToken))['createWall'].id;
    const [vb, v0, v1, , v3] = gym.grades.map((grade) => grade.id);
    const targets = [
      { fromGradeId: vb, toGradeId: v0, count: 2 },
      { fromGradeId: v1, toGradeId: v3, count: 3 },
    ];
    expect((await ok(TARGETS, { input: { wallId, targets } }, staff.headSetter.accessToken))['setWallGradeTargets'].gradeTargets).toEqual([{ count: 2 }, { count: 3 }]);
  });

  it('2. the setter sets routes with setters, tags and a strip date', async () => {
    const setAt = new Date(Date.now() - 14 * DAY_MS).toISOString();
    const soon = new Date(Date.now() + 3 * DAY_MS).toISOString();
    const later = new Date(Date.now() + 30 * DAY_MS).toISOString();
    const setterIds = [staff.setter.user.id, staff.headSetter.user.id];
    const token = staff.setter.accessToken;
    const a = (await ok(CREATE_ROUTE, { input: { gymId: gym.gymId, wallId, gradeId: gym.grades[0]!.id, colour: 'blue', setAt, plannedStripAt: soon, setterIds, tags: ['CRIMPY', 'OVERHANG'] } }, token))[
      'createRoute'
    ];
    expect(a).toEqual({ id: expect.any(String), plannedStripAt: soon, tags: ['CRIMPY', 'OVERHANG'], setters: [{ username: 'sal_setter' }, { username: 'hana_head' }] });
    const b = (await ok(CREATE_ROUTE, { input: { gymId: gym.gymId, wallId, gradeId: gym.grades[3]!.id, colour: 'green', setAt, plannedStripAt: later, setterIds: [setterIds[0]], tags: ['SLAB'] } }, token))[
      'createRoute'
    ];
    expect(b.setters).toEqual([{ username: 'sal_setter' }]);
    routeA = a;
    routeB = b;
  });

  it('3. climbers add projects, vote tags and renew, report, and send', async () => {
    const [cleo, dina, emil] = climbers as [Auth, Auth, Auth];
    for (const climber of climbers) await ok(/* GraphQL */ `mutation Add($input: AddProjectInput!) { addProject(input: $input) { id } }`, { input: { routeId: routeA.id } }, climber.accessToken);
    await ok(/* GraphQL */ `mutation Add($input: AddProjectInput!) { addProject(input: $input) { id } }`, { input: { routeId: routeB.id } }, cleo.accessToken);
    for (const climber of climbers)
      await ok(/* GraphQL */ `mutation Tags($input: VoteRouteTagsInput!) { voteRouteTags(input: $input) { id } }`, { input: { routeId: routeA.id, tags: ['DYNO'] } }, climber.accessToken);
    await ok(/* GraphQL */ `mutation Renew($id: ID!) { voteRenew(routeId: $id) { renewVoteCount } }`, { id: routeA.id }, cleo.accessToken);
    const report = (
      await ok(
        /* GraphQL */ `mutation Report($input: ReportRouteInput!) { reportRoute(input: $input) { id status } }`,
        { input: { routeId: routeA.id, reason: 'SPINNING_HOLD', note: 'the pinch at the lip spins' } },
        dina.accessToken,
      )
    )['reportRoute'];
    expect(report.status).toBe('OPEN');
    reportId = report.id;
    const session = await sg.build.session(emil.accessToken, { gymId: gym.gymId });
    await sg.build.climb(emil.accessToken, { sessionId: session.id, routeId: routeA.id, attempts: 3, sent: true, style: 'REDPOINT' });

    // The route page as Cleo sees it: the setters' tags, then the tag three climbers voted for.
    expect((await ok(ROUTE_PAGE, { id: routeA.id }, cleo.accessToken))['route']).toEqual({
      plannedStripAt: routeA.plannedStripAt,
      outSoon: true,
      strippedAt: null,
      tags: ['CRIMPY', 'OVERHANG', 'DYNO'],
      tagVotes: [{ tag: 'DYNO', count: 3 }],
      myTagVotes: ['DYNO'],
      renewVoteCount: 1,
      myRenewVote: true,
      setters: [{ username: 'sal_setter' }, { username: 'hana_head' }],
      // Emil sent it: his project is SENT and no longer counted.
      projectCount: 2,
      myProject: { status: 'ACTIVE', expiresAt: routeA.plannedStripAt },
    });
    expect((await ok(ROUTE_PAGE, { id: routeB.id }, cleo.accessToken))['route']).toMatchObject({ outSoon: false, tags: ['SLAB'], projectCount: 1 });
    const emils = (await ok(PROJECTS, {}, emil.accessToken))['me'].projects.edges.map((edge: { node: unknown }) => edge.node);
    expect(emils).toEqual([{ route: { id: routeA.id }, status: 'SENT', sentAt: expect.any(String), expiresAt: routeA.plannedStripAt }]);
  });

  it("refuses another gym's OWNER every staff mutation and staff-only query of the journey, naming the gym, and changes nothing", async () => {
    const before = await ok(STAFF_VIEW, { id: gym.gymId }, owner.accessToken);
    const attempts: [string, string, Record<string, unknown>][] = [
      ['inviteGymStaff', INVITE, { input: { gymId: gym.gymId, login: 'otto_other', role: 'SETTER' } }],
      ['updateGymStaff', `mutation U($input: UpdateGymStaffInput!) { updateGymStaff(input: $input) { role } }`, { input: { gymId: gym.gymId, userId: staff.setter.user.id, role: 'OWNER' } }],
      ['removeGymStaff', `mutation R($input: RemoveGymStaffInput!) { removeGymStaff(input: $input) { role } }`, { input: { gymId: gym.gymId, userId: staff.setter.user.id } }],
      ['updateGym', `mutation G($input: UpdateGymInput!) { updateGym(input: $input) { id } }`, { input: { id: gym.gymId, name: 'Taken over', outSoonDays: 30 } }],
      ['archiveGym', `mutation A($input: ArchiveGymInput!) { archiveGym(input: $input) { id } }`, { input: { id: gym.gymId } }],
      ['createWall', CREATE_WALL, { input: { gymId: gym.gymId, name: 'Annex' } }],
      ['updateWall', `mutation W($input: UpdateWallInput!) { updateWall(input: $input) { id } }`, { input: { id: wallId, name: 'Slab' } }],
      ['setWallGradeTargets', TARGETS, { input: { wallId, targets: [] } }],
      ['createRoute', CREATE_ROUTE, { input: { gymId: gym.gymId, wallId, gradeId: gym.grades[0]!.id, colour: 'pink' } }],
      ['updateRoute', `mutation U($input: UpdateRouteInput!) { updateRoute(input: $input) { id } }`, { input: { id: routeA.id, tags: [], setterIds: [], plannedStripAt: null } }],
      ['planStrip', `mutation P($input: PlanStripInput!) { planStrip(input: $input) { id } }`, { input: { routeIds: [routeA.id, routeB.id], plannedStripAt: null } }],
      ['stripRoute', `mutation S($input: StripRouteInput!) { stripRoute(input: $input) { id } }`, { input: { id: routeA.id } }],
      ['resolveRouteReport', `mutation R($input: ResolveRouteReportInput!) { resolveRouteReport(input: $input) { id } }`, { input: { reportId, resolution: 'not ours' } }],
      ['planReset', PLAN, { id: wallId }],
      ['Gym.reports', QUEUE, { id: gym.gymId }],
      ['Gym.staff', `query S($id: ID!) { gym(id: $id) { staff { edges { node { role } } } } }`, { id: gym.gymId }],
      ['Gym.routesComingDown', `query C($id: ID!) { gym(id: $id) { routesComingDown(within: 60) { edges { node { id } } } } }`, { id: gym.gymId }],
      ['Route.openReportCount', `query O($id: ID!) { route(id: $id) { openReportCount } }`, { id: routeA.id }],
    ];
    const answers = [];
    for (const [name, query, variables] of attempts) {
      const response = await sg.request(query, variables, stranger);
      answers.push([name, errorCodes(response), response.errors?.[0]?.extensions?.['gymId']]);
    }
    expect(answers).toEqual(attempts.map(([name]) => [name, ['FORBIDDEN'], gym.gymId]));
    expect(await ok(STAFF_VIEW, { id: gym.gymId }, owner.accessToken)).toEqual(before);
  });

  it('4. the head setter plans the next reset and resolves the report, which the reporter sees', async () => {
    const plan = (await ok(PLAN, { id: wallId }, staff.headSetter.accessToken))['planReset'];
    expect(plan).toEqual({
      // The wall holds one route of each band: VB for VB–V0, V2 for V1–V3.
      bandsToFill: [
        { target: { fromGrade: { value: 'VB' }, toGrade: { value: 'V0' }, count: 2 }, current: 1, missing: 1 },
        { target: { fromGrade: { value: 'V1' }, toGrade: { value: 'V3' }, count: 3 }, current: 1, missing: 2 },
      ],
      candidates: [
        {
          route: { id: routeA.id },
          score: 10,
          reasons: [
            { reason: 'MOST_OPEN_REPORTS', value: 1, points: 5 },
            { reason: 'MOST_RENEW_VOTES', value: 1, points: 3 },
            { reason: 'OLDEST', value: 14, points: 2 },
          ],
        },
        { route: { id: routeB.id }, score: 2, reasons: [{ reason: 'OLDEST', value: 14, points: 2 }] },
      ],
      ratingsIncluded: true,
    });

    const queue = (await ok(QUEUE, { id: gym.gymId }, staff.headSetter.accessToken))['gym'].reports.edges.map((edge: { node: unknown }) => edge.node);
    expect(queue).toEqual([
      { id: reportId, reason: 'SPINNING_HOLD', note: 'the pinch at the lip spins', status: 'OPEN', reporter: { username: 'dina' }, route: { id: routeA.id } },
    ]);
    const resolved = await ok(
      /* GraphQL */ `mutation Resolve($input: ResolveRouteReportInput!) { resolveRouteReport(input: $input) { status resolution } }`,
      { input: { reportId, resolution: 'tightened' } },
      staff.headSetter.accessToken,
    );
    expect(resolved['resolveRouteReport']).toEqual({ status: 'RESOLVED', resolution: 'tightened' });
    expect((await ok(MY_REPORTS, {}, climbers[1]!.accessToken))['myRouteReports'].edges).toEqual([{ node: { id: reportId, status: 'RESOLVED', resolution: 'tightened' } }]);
    expect((await ok(QUEUE, { id: gym.gymId }, staff.headSetter.accessToken))['gym'].reports.edges).toEqual([]);
  });

  it('5. the route comes down and the projects on it show GONE; a sent one stays SENT', async () => {
    await sg.build.stripRoute(staff.setter.accessToken, routeA.id);
    const page = (await ok(ROUTE_PAGE, { id: routeA.id }, climbers[0]!.accessToken))['route'];
    expect(page).toMatchObject({ strippedAt: expect.any(String), plannedStripAt: routeA.plannedStripAt, outSoon: false, projectCount: 0, myProject: { status: 'GONE', expiresAt: routeA.plannedStripAt } });
    const cleos = (await ok(PROJECTS, {}, climbers[0]!.accessToken))['me'].projects.edges.map((edge: { node: { route: { id: string }; status: string } }) => [edge.node.route.id, edge.node.status]);
    expect(cleos).toEqual([
      [routeA.id, 'GONE'],
      [routeB.id, 'ACTIVE'],
    ]);
    const emils = (await ok(PROJECTS, {}, climbers[2]!.accessToken))['me'].projects.edges;
    expect(emils.map((edge: { node: { status: string } }) => edge.node.status)).toEqual(['SENT']);
  });
});
