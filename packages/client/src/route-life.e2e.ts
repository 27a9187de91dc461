import type { DocumentNode } from 'graphql';
// The router's e2e harness: both subgraphs and the router in this process.
import { startSupergraph, type Supergraph } from '@clmb/router/e2e/supergraph';
import type { Router } from '@clmb/router/service';
import { dataOf } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ops from './__generated__/operations';
import {
  addAddedProject,
  addAddedStaff,
  addReportedRoute,
  projectMoved,
  removeRemovedProject,
  removeRemovedStaff,
  replannedStrip,
  replannedWall,
  resolvedReportOutOfQueue,
} from './cache-updates';
import { appClient, captureConsole } from './testing';

// Issue 18's screens as an app runs them: every operation by its trusted-document id through a
// production router, each write followed by its cache update, and the cache then compared with
// what the server answers a client with no cache.
describe('issue 18 screens on Apollo Client 4 through the router', () => {
  let sg: Supergraph;
  let trusted: Router;
  let url: string;
  let routeIds: string[];
  let gymId: string;
  let grades: { id: string }[];
  let adminToken: string;
  let climber: ReturnType<typeof appClient>;
  let owner: ReturnType<typeof appClient>;
  const printed = captureConsole();

  beforeAll(async () => {
    sg = await startSupergraph();
    trusted = await sg.startExtraRouter({ TRUSTED_DOCUMENTS: 'require' });
    url = `${trusted.url}/graphql`;
    const admin = await sg.build.logIn('admin@clmb.dev');
    adminToken = admin.accessToken;
    ({ gymId, routeIds, grades } = await sg.build.gymWithRoutes(admin.accessToken, { slug: 'the-den', routeCount: 3 }));
    dataOf(
      await sg.request('mutation ($input: AddGymStaffInput!) { addGymStaff(input: $input) { role } }', { input: { gymId, login: 'demo_owner', role: 'OWNER' } }, admin.accessToken),
    );
    const sam = await sg.build.user({ username: 'sam' });
    climber = appClient(url, { accessToken: sam.accessToken, refreshToken: null });
    owner = appClient(url, { accessToken: (await sg.build.logIn('owner@clmb.dev')).accessToken, refreshToken: null });
  }, 120_000);
  afterAll(async () => {
    printed.restore();
    await trusted?.stop();
    await sg?.stop();
  });

  /** What a client with no cache gets for the same query and token. */
  const fromServer = async <T>(app: ReturnType<typeof appClient>, query: DocumentNode, variables: Record<string, unknown> = {}) => {
    const fresh = appClient(url, { ...app.tokens });
    return (await fresh.client.query({ query, variables, fetchPolicy: 'network-only' })).data as T;
  };
  const projectsOf = (data: ops.MyProjectsQuery | null | undefined) =>
    data?.me?.projects?.edges.map(({ node }) => ({ id: node.id, position: node.position, status: node.status, note: node.note, route: node.route?.id })) ?? null;

  it('projects: add, move and remove, and the cached list is the server list each time', async () => {
    await climber.client.query({ query: ops.MyProjectsDocument });
    const expectProjectsMatchServer = async () => {
      const cached = climber.client.readQuery({ query: ops.MyProjectsDocument });
      expect(projectsOf(cached)).toEqual(projectsOf(await fromServer<ops.MyProjectsQuery>(climber, ops.MyProjectsDocument)));
      return projectsOf(cached)!;
    };
    const ids: string[] = [];
    for (const routeId of routeIds) {
      const { data } = await climber.client.mutate({ mutation: ops.AddProjectDocument, variables: { input: { routeId } }, update: addAddedProject });
      ids.push(data!.addProject.id);
      await expectProjectsMatchServer();
    }
    await climber.client.query({ query: ops.RoutePageDocument, variables: { id: routeIds[0]! } });

    await climber.client.mutate({ mutation: ops.UpdateProjectDocument, variables: { input: { projectId: ids[2]!, position: 1 } }, update: projectMoved(3) });
    expect((await expectProjectsMatchServer()).map((p) => p.id)).toEqual([ids[2], ids[0], ids[1]]);

    await climber.client.mutate({ mutation: ops.RemoveProjectDocument, variables: { input: { projectId: ids[0]! } }, update: removeRemovedProject });
    expect((await expectProjectsMatchServer()).map((p) => [p.id, p.position])).toEqual([
      [ids[2], 1],
      [ids[1], 2],
    ]);
    const page = (data: ops.RoutePageQuery | null | undefined) => ({ projectCount: data?.route?.projectCount, myProject: data?.route?.myProject ?? null });
    const cachedRoute = climber.client.readQuery({ query: ops.RoutePageDocument, variables: { id: routeIds[0]! } });
    expect(page(cachedRoute)).toEqual({ projectCount: 0, myProject: null });
    expect(page(cachedRoute)).toEqual(page(await fromServer<ops.RoutePageQuery>(climber, ops.RoutePageDocument, { id: routeIds[0]! })));
    expect(printed.lines).toEqual([]);
  });

  it('route page: renew and tag votes come back on the route, no refetch', async () => {
    const id = routeIds[1]!;
    await climber.client.query({ query: ops.RoutePageDocument, variables: { id } });
    const before = climber.sent.length;
    await climber.client.mutate({ mutation: ops.VoteRenewDocument, variables: { routeId: id } });
    await climber.client.mutate({ mutation: ops.VoteRouteTagsDocument, variables: { input: { routeId: id, tags: ['CRIMPY', 'OVERHANG'] } } });
    expect(climber.client.readQuery({ query: ops.RoutePageDocument, variables: { id } })!.route).toMatchObject({ renewVoteCount: 1, myRenewVote: true, myTagVotes: ['CRIMPY', 'OVERHANG'] });
    await climber.client.mutate({ mutation: ops.WithdrawRenewVoteDocument, variables: { routeId: id } });
    const cached = climber.client.readQuery({ query: ops.RoutePageDocument, variables: { id } });
    expect(cached).toEqual(await fromServer(climber, ops.RoutePageDocument, { id }));
    expect(climber.sent.slice(before)).toEqual(['VoteRenew', 'VoteRouteTags', 'WithdrawRenewVote']);
    expect(printed.lines).toEqual([]);
  });

  it('reports: the climber sees their report first, the staff resolve it out of their queue', async () => {
    await climber.client.query({ query: ops.MyRouteReportsDocument });
    const { data } = await climber.client.mutate({
      mutation: ops.ReportRouteDocument,
      variables: { input: { routeId: routeIds[2]!, reason: 'LOOSE_HOLD', note: 'top jug moves' } },
      update: addReportedRoute,
    });
    const reportId = data!.reportRoute.id;
    const mine = (d: ops.MyRouteReportsQuery | null | undefined) => d?.myRouteReports.edges.map((e) => e.node);
    expect(mine(climber.client.readQuery({ query: ops.MyRouteReportsDocument }))).toEqual(mine(await fromServer(climber, ops.MyRouteReportsDocument)));

    await owner.client.query({ query: ops.ReportQueueDocument, variables: { gymId } });
    await owner.client.query({ query: ops.ReportQueueDocument, variables: { gymId, status: 'RESOLVED' } });
    await owner.client.mutate({ mutation: ops.ResolveRouteReportDocument, variables: { input: { reportId, resolution: 'tightened' } }, update: resolvedReportOutOfQueue });
    const queue = (d: ops.ReportQueueQuery | null | undefined) => d?.gym?.reports.edges.map((e) => [e.node.id, e.node.status, e.node.route.openReportCount]) ?? null;
    const open = owner.client.readQuery({ query: ops.ReportQueueDocument, variables: { gymId } });
    expect(queue(open)).toEqual([]);
    expect(queue(open)).toEqual(queue(await fromServer(owner, ops.ReportQueueDocument, { gymId })));
    // The RESOLVED list was dropped: the screen refetches it.
    expect(owner.client.readQuery({ query: ops.ReportQueueDocument, variables: { gymId, status: 'RESOLVED' } })).toBeNull();
    const resolved = await owner.client.query({ query: ops.ReportQueueDocument, variables: { gymId, status: 'RESOLVED' } });
    expect(queue(resolved.data)).toEqual([[reportId, 'RESOLVED', 0]]);
    expect(printed.lines).toEqual([]);
  });

  it('strip list and wall plan: a new plan or new targets drop what they change, and the refetch is the server', async () => {
    const { data: walls } = await owner.client.mutate({ mutation: ops.CreateWallDocument, variables: { input: { gymId, name: 'Cave' } } });
    const wallId = walls!.createWall.id;
    for (const id of routeIds) {
      dataOf(await sg.request('mutation ($input: UpdateRouteInput!) { updateRoute(input: $input) { id } }', { input: { id, wallId } }, adminToken));
    }
    const stripped = (d: ops.StripListQuery | null | undefined) => d?.gym?.routesComingDown?.edges.map((e) => [e.node.id, e.node.outSoon]) ?? null;
    expect(stripped((await owner.client.query({ query: ops.StripListDocument, variables: { gymId } })).data)).toEqual([]);
    const plannedStripAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await owner.client.mutate({ mutation: ops.PlanStripDocument, variables: { input: { routeIds: [routeIds[0]!], plannedStripAt } }, update: replannedStrip });
    expect(owner.client.readQuery({ query: ops.StripListDocument, variables: { gymId } })).toBeNull();
    expect(stripped((await owner.client.query({ query: ops.StripListDocument, variables: { gymId } })).data)).toEqual([[routeIds[0], true]]);

    const plan = (d: ops.WallPlanQuery | null | undefined) => ({
      distribution: d?.wall?.gradeDistribution.map((band) => [band.target?.count ?? null, band.current]),
      bandsToFill: d?.planReset?.bandsToFill.map((band) => band.missing),
      candidates: d?.planReset?.candidates.length,
    });
    expect(plan((await owner.client.query({ query: ops.WallPlanDocument, variables: { wallId } })).data)).toEqual({ distribution: [[null, 3]], bandsToFill: [], candidates: 3 });
    const targets = [{ fromGradeId: grades[0]!.id, toGradeId: grades[1]!.id, count: 4 }];
    await owner.client.mutate({ mutation: ops.SetWallGradeTargetsDocument, variables: { input: { wallId, targets } }, update: replannedWall });
    // The targets came back on the wall; the plan (bands to fill) was dropped and refetches.
    expect(owner.client.readQuery({ query: ops.WallPlanDocument, variables: { wallId } })).toBeNull();
    const fresh = await owner.client.query({ query: ops.WallPlanDocument, variables: { wallId } });
    expect(plan(fresh.data)).toEqual({ distribution: [[4, 2], [null, 1]], bandsToFill: [2], candidates: 3 });
    expect(fresh.data).toEqual(await fromServer(owner, ops.WallPlanDocument, { wallId }));

    const staffGyms = await owner.client.query({ query: ops.MyStaffGymsDocument });
    expect(staffGyms.data!.me!.staffRoles).toEqual([{ __typename: 'GymStaffRole', role: 'OWNER', gym: { __typename: 'Gym', id: gymId, name: 'Gym the-den' } }]);
    const grading = await owner.client.query({ query: ops.SetterGradingDocument, variables: { gymId } });
    expect(grading.data!.gym!.setterGrading).toEqual([]);
    expect(printed.lines).toEqual([]);
  });

  it('staff: an ADMIN adds a member, the owner changes their role and removes them, and each cached staff list is the server list', async () => {
    // addGymStaff is the ADMINs' (support, a gym's first owner); owners invite (staff-invitations.ts).
    const admin = appClient(url, { accessToken: adminToken, refreshToken: null });
    const staffOf = (d: ops.GymStaffQuery | null | undefined) => d?.gym?.staff?.edges.map((e) => [e.node.user.username, e.node.role]) ?? null;
    const expectStaffMatchServer = async (app: ReturnType<typeof appClient>) => {
      const cached = app.client.readQuery({ query: ops.GymStaffDocument, variables: { gymId } });
      expect(staffOf(cached)).toEqual(staffOf(await fromServer(app, ops.GymStaffDocument, { gymId })));
      return staffOf(cached);
    };
    await admin.client.query({ query: ops.GymStaffDocument, variables: { gymId } });
    const { data } = await admin.client.mutate({ mutation: ops.AddGymStaffDocument, variables: { input: { gymId, login: 'sam', role: 'SETTER' } }, update: addAddedStaff });
    expect(await expectStaffMatchServer(admin)).toEqual([
      ['sam', 'SETTER'],
      ['demo_owner', 'OWNER'],
    ]);
    const userId = data!.addGymStaff.user.id;
    await owner.client.query({ query: ops.GymStaffDocument, variables: { gymId } });
    await owner.client.mutate({ mutation: ops.UpdateGymStaffDocument, variables: { input: { gymId, userId, role: 'HEAD_SETTER' } } });
    expect((await expectStaffMatchServer(owner))![0]).toEqual(['sam', 'HEAD_SETTER']);
    await owner.client.mutate({ mutation: ops.RemoveGymStaffDocument, variables: { input: { gymId, userId } }, update: removeRemovedStaff });
    expect(await expectStaffMatchServer(owner)).toEqual([['demo_owner', 'OWNER']]);
    expect(printed.lines).toEqual([]);
  });
});
