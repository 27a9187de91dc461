import { type ApolloCache, InMemoryCache } from '@apollo/client';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import * as ops from './__generated__/operations';
import {
  addAddedProject,
  addAddedStaff,
  addReportedRoute,
  keyArgsOf,
  projectMoved,
  removeRemovedProject,
  removeRemovedStaff,
  replannedStrip,
  replannedWall,
  resolvedReportOutOfQueue,
} from './cache-updates';
import { captureConsole } from './testing';
import { typePolicies } from './type-policies';

/*
 * Issue 18's cache rules and updates on a real InMemoryCache (Apollo's development build, which
 * warns about lost data): each update is applied as Apollo applies it, after the mutation's result
 * is written, and every test ends with nothing printed.
 */

const me = { __typename: 'User' as const, id: 'u1' };
const route = (n: number) => ({
  __typename: 'Route' as const,
  id: `r${n}`,
  name: `Route ${n}`,
  colour: 'blue',
  strippedAt: null,
  plannedStripAt: null,
  grade: { __typename: 'Grade' as const, id: 'g5', value: 'V5' },
  gym: { __typename: 'Gym' as const, id: 'gym1', name: 'The Arch' },
});
const project = (n: number, position = n, status: ops.ProjectStatus = 'ACTIVE') => ({
  __typename: 'Project' as const,
  id: `p${n}`,
  position,
  note: null,
  status,
  sentAt: null,
  expiresAt: null,
  attempts: 0,
  sessions: 0,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  route: route(n),
});
type Project = ReturnType<typeof project>;
const projectsPage = (projects: Project[], hasNextPage = false): ops.MyProjectsQuery => ({
  me: {
    ...me,
    projects: {
      __typename: 'ProjectConnection',
      pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: projects.length ? `c${projects.at(-1)!.position}` : null },
      edges: projects.map((node) => ({ __typename: 'ProjectEdge', node })),
    },
  },
});
/** What the cache shows for a projects list: ids and positions, in order. */
const listed = (cache: ApolloCache, variables: ops.MyProjectsQueryVariables = {}) =>
  cache.readQuery({ query: ops.MyProjectsDocument, variables })?.me?.projects?.edges.map((e) => [e.node.id, e.node.position]) ?? null;

/** A mutation as Apollo Client applies it: the result is written, then `update` runs. */
function mutate<D, V extends Record<string, unknown>>(
  cache: ApolloCache,
  mutation: TypedDocumentNode<D, V>,
  variables: V,
  data: D,
  update: (cache: ApolloCache, result: { data: D }) => void,
) {
  cache.writeQuery({ query: mutation, variables, data, dataId: 'ROOT_MUTATION' } as never);
  update(cache, { data });
}

describe('issue 18 in the client cache (Apollo development build)', () => {
  const printed = captureConsole();
  afterEach(() => {
    expect(printed.lines).toEqual([]);
    printed.lines.splice(0);
  });

  it('keeps every me.projects filter its own list, and pages each Relay-style', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: ops.MyProjectsDocument, variables: { first: 2 }, data: projectsPage([project(1), project(2)], true) });
    cache.writeQuery({ query: ops.MyProjectsDocument, variables: { first: 2, after: 'c2' }, data: projectsPage([project(3)]) });
    cache.writeQuery({ query: ops.MyProjectsDocument, variables: { status: 'SENT' }, data: projectsPage([project(3, 3, 'SENT')]) });
    expect(listed(cache, { first: 2 })).toEqual([['p1', 1], ['p2', 2], ['p3', 3]]);
    expect(listed(cache, { status: 'SENT' })).toEqual([['p3', 3]]);
    expect(listed(cache, { expiringWithin: 7 })).toBeNull();
    expect(Object.keys(cache.extract()['User:u1'] as object).filter((key) => key.startsWith('projects')).map(keyArgsOf)).toEqual([{}, { status: 'SENT' }]);
  });

  it('addProject: last into the unfiltered list and its status list; an expiry list refetches', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: ops.MyProjectsDocument, data: projectsPage([project(1), project(2)]) });
    cache.writeQuery({ query: ops.MyProjectsDocument, variables: { status: 'ACTIVE' }, data: projectsPage([project(1)]) });
    cache.writeQuery({ query: ops.MyProjectsDocument, variables: { status: 'SENT' }, data: projectsPage([]) });
    cache.writeQuery({ query: ops.MyProjectsDocument, variables: { expiringWithin: 7 }, data: projectsPage([project(2)]) });
    const added = { ...project(3), route: { ...route(3), projectCount: 4, myProject: { __typename: 'Project' as const, id: 'p3', position: 3, status: 'ACTIVE' as const } } };
    mutate(cache, ops.AddProjectDocument, { input: { routeId: 'r3' } }, { addProject: added }, addAddedProject);
    expect(listed(cache)).toEqual([['p1', 1], ['p2', 2], ['p3', 3]]);
    expect(listed(cache, { status: 'ACTIVE' })).toEqual([['p1', 1], ['p3', 3]]);
    expect(listed(cache, { status: 'SENT' })).toEqual([]);
    expect(listed(cache, { expiringWithin: 7 })).toBeNull();
  });

  it('addProject leaves a list with more pages to load to fetchMore', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: ops.MyProjectsDocument, data: projectsPage([project(1)], true) });
    const added = { ...project(3), route: { ...route(3), projectCount: 1, myProject: { __typename: 'Project' as const, id: 'p3', position: 3, status: 'ACTIVE' as const } } };
    mutate(cache, ops.AddProjectDocument, { input: { routeId: 'r3' } }, { addProject: added }, addAddedProject);
    expect(listed(cache)).toEqual([['p1', 1]]);
  });

  it('removeProject: out of every list, the later ones move up, and the route forgets it', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: ops.MyProjectsDocument, data: projectsPage([project(1), project(2), project(3)]) });
    cache.writeQuery({ query: ops.MyProjectsDocument, variables: { status: 'ACTIVE' }, data: projectsPage([project(2), project(3)]) });
    cache.writeFragment({
      id: 'Route:r2',
      fragment: parse('fragment RouteProject on Route { id projectCount myProject { id } }'),
      data: { __typename: 'Route', id: 'r2', projectCount: 5, myProject: { __typename: 'Project', id: 'p2' } },
    });
    mutate(cache, ops.RemoveProjectDocument, { input: { projectId: 'p2' } }, { removeProject: 'p2' }, removeRemovedProject);
    expect(listed(cache)).toEqual([['p1', 1], ['p3', 2]]);
    expect(listed(cache, { status: 'ACTIVE' })).toEqual([['p3', 2]]);
    expect(cache.extract()['Project:p2']).toBeUndefined();
    expect(cache.extract()['Route:r2']).toMatchObject({ projectCount: 4, myProject: null });
  });

  it('updateProject moving a project: the ones between shift, every list is in order again', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: ops.MyProjectsDocument, data: projectsPage([1, 2, 3, 4].map((n) => project(n))) });
    cache.writeQuery({ query: ops.MyProjectsDocument, variables: { status: 'ACTIVE' }, data: projectsPage([project(1), project(4)]) });
    const moved = { __typename: 'Project' as const, id: 'p4', position: 1, note: null, updatedAt: '2026-12-02T10:00:00.000Z' };
    mutate(cache, ops.UpdateProjectDocument, { input: { projectId: 'p4', position: 1 } }, { updateProject: moved }, projectMoved(4));
    expect(listed(cache)).toEqual([['p4', 1], ['p1', 2], ['p2', 3], ['p3', 4]]);
    expect(listed(cache, { status: 'ACTIVE' })).toEqual([['p4', 1], ['p1', 2]]);

    mutate(cache, ops.UpdateProjectDocument, { input: { projectId: 'p4', position: 3 } }, { updateProject: { ...moved, position: 3 } }, projectMoved(1));
    expect(listed(cache)).toEqual([['p1', 1], ['p2', 2], ['p4', 3], ['p3', 4]]);
  });

  it('updateProject with more pages to load: a project moving in pushes the last loaded out; moving past them refetches', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: ops.MyProjectsDocument, data: projectsPage([1, 2].map((n) => project(n)), true) });
    cache.writeQuery({ query: ops.MyProjectsDocument, variables: { status: 'SENT' }, data: projectsPage([project(5, 5, 'SENT')]) });
    cache.writeQuery({ query: ops.MyProjectsDocument, variables: { status: 'ACTIVE' }, data: projectsPage([project(1)], true) });
    const moved = { __typename: 'Project' as const, id: 'p5', position: 1, note: null, updatedAt: '2026-12-02T10:00:00.000Z' };
    mutate(cache, ops.UpdateProjectDocument, { input: { projectId: 'p5', position: 1 } }, { updateProject: moved }, projectMoved(5));
    expect(listed(cache)).toEqual([['p5', 1], ['p1', 2]]);
    expect(listed(cache, { status: 'SENT' })).toEqual([['p5', 1]]);
    expect(listed(cache, { status: 'ACTIVE' })).toBeNull();
    mutate(cache, ops.UpdateProjectDocument, { input: { projectId: 'p1', position: 4 } }, { updateProject: { ...moved, id: 'p1', position: 4 } }, projectMoved(2));
    expect(listed(cache)).toBeNull();
    expect(cache.extract()['Project:p5']).toMatchObject({ position: 1 });
  });

  const report = (n: number, status: ops.RouteReportStatus = 'OPEN') => ({
    __typename: 'RouteReport' as const,
    id: `rep${n}`,
    reason: 'LOOSE_HOLD' as const,
    note: null,
    status,
    createdAt: `2026-12-0${n}T10:00:00.000Z`,
    resolvedAt: status === 'OPEN' ? null : '2026-12-06T10:00:00.000Z',
    resolution: status === 'OPEN' ? null : 'tightened',
    reporter: { __typename: 'User' as const, id: 'u9', username: 'sam' },
    route: { __typename: 'Route' as const, id: 'r1', name: 'Route 1', colour: 'blue', openReportCount: 2, wall: null },
  });
  const queue = (reports: ReturnType<typeof report>[]): ops.ReportQueueQuery => ({
    gym: {
      __typename: 'Gym',
      id: 'gym1',
      name: 'The Arch',
      reports: {
        __typename: 'RouteReportConnection',
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
        edges: reports.map((node) => ({ __typename: 'RouteReportEdge', node })),
      },
    },
  });
  const queued = (cache: ApolloCache, variables: Omit<ops.ReportQueueQueryVariables, 'gymId'> = {}) =>
    cache.readQuery({ query: ops.ReportQueueDocument, variables: { gymId: 'gym1', ...variables } })?.gym?.reports.edges.map((e) => e.node.id) ?? null;

  it('resolveRouteReport: out of the OPEN queue; the RESOLVED list refetches; the route counts one less', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: ops.ReportQueueDocument, variables: { gymId: 'gym1' }, data: queue([report(1), report(2)]) });
    cache.writeQuery({ query: ops.ReportQueueDocument, variables: { gymId: 'gym1', status: 'RESOLVED' }, data: queue([]) });
    const resolved = { ...report(1, 'RESOLVED'), route: { ...report(1).route, openReportCount: 1, gym: { __typename: 'Gym' as const, id: 'gym1' } } };
    mutate(cache, ops.ResolveRouteReportDocument, { input: { reportId: 'rep1', resolution: 'tightened' } }, { resolveRouteReport: resolved }, resolvedReportOutOfQueue);
    expect(queued(cache)).toEqual(['rep2']);
    expect(queued(cache, { status: 'RESOLVED' })).toBeNull();
    expect(cache.extract()['Route:r1']).toMatchObject({ openReportCount: 1 });
  });

  it('reportRoute: first in my reports', () => {
    const cache = new InMemoryCache({ typePolicies });
    const mine = (n: number) => {
      const { reporter: _, ...rest } = report(n);
      return { ...rest, route: { __typename: 'Route' as const, id: 'r1', name: 'Route 1', colour: 'blue', gym: { __typename: 'Gym' as const, id: 'gym1', name: 'The Arch' } } };
    };
    cache.writeQuery({
      query: ops.MyRouteReportsDocument,
      data: { myRouteReports: { __typename: 'RouteReportConnection', pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'c1' }, edges: [{ __typename: 'RouteReportEdge', node: mine(1) }] } },
    });
    mutate(cache, ops.ReportRouteDocument, { input: { routeId: 'r1', reason: 'LOOSE_HOLD' } }, { reportRoute: mine(2) }, addReportedRoute);
    expect(cache.readQuery({ query: ops.MyRouteReportsDocument })!.myRouteReports.edges.map((e) => e.node.id)).toEqual(['rep2', 'rep1']);
  });

  const member = (user: string, role: ops.StaffRole = 'SETTER') => ({
    __typename: 'GymStaffMember' as const,
    role,
    addedAt: '2026-12-01T10:00:00.000Z',
    gym: { __typename: 'Gym' as const, id: 'gym1' },
    user: { __typename: 'User' as const, id: user, username: user, firstName: null, lastName: null },
  });
  const staffPage = (members: ReturnType<typeof member>[]): ops.GymStaffQuery => ({
    gym: {
      __typename: 'Gym',
      id: 'gym1',
      name: 'The Arch',
      staff: {
        __typename: 'GymStaffConnection',
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
        edges: members.map((node) => ({ __typename: 'GymStaffEdge', node })),
      },
    },
  });
  const staffOf = (cache: ApolloCache) =>
    cache.readQuery({ query: ops.GymStaffDocument, variables: { gymId: 'gym1' } })?.gym?.staff?.edges.map((e) => [e.node.user.id, e.node.role]);

  it('staff: a membership is normalised by gym and user; add puts it first, update needs nothing, remove drops it', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: ops.GymStaffDocument, variables: { gymId: 'gym1' }, data: staffPage([member('olga', 'OWNER')]) });
    expect(Object.keys(cache.extract())).toContain('GymStaffMember:{"gym":{"id":"gym1"},"user":{"id":"olga"}}');
    mutate(cache, ops.AddGymStaffDocument, { input: { gymId: 'gym1', login: 'sam', role: 'SETTER' } }, { addGymStaff: member('sam') }, addAddedStaff);
    expect(staffOf(cache)).toEqual([['sam', 'SETTER'], ['olga', 'OWNER']]);
    cache.writeQuery({ query: ops.UpdateGymStaffDocument, variables: { input: { gymId: 'gym1', userId: 'sam', role: 'HEAD_SETTER' } }, data: { updateGymStaff: member('sam', 'HEAD_SETTER') } });
    expect(staffOf(cache)).toEqual([['sam', 'HEAD_SETTER'], ['olga', 'OWNER']]);
    mutate(cache, ops.RemoveGymStaffDocument, { input: { gymId: 'gym1', userId: 'sam' } }, { removeGymStaff: member('sam', 'HEAD_SETTER') }, removeRemovedStaff);
    expect(staffOf(cache)).toEqual([['olga', 'OWNER']]);
    expect(Object.keys(cache.extract()).filter((key) => key.includes('"sam"'))).toEqual([]);
  });

  it('planStrip drops the gym strip lists; setWallGradeTargets drops the wall plan', () => {
    const cache = new InMemoryCache({ typePolicies });
    const stripRoute = { ...route(1), setAt: '2026-11-01T10:00:00.000Z', plannedStripAt: '2026-12-08T07:00:00.000Z', outSoon: true, renewVoteCount: 0, openReportCount: 0, wall: null };
    const { gym: _, ...stripped } = stripRoute;
    cache.writeQuery({
      query: ops.StripListDocument,
      variables: { gymId: 'gym1' },
      data: {
        gym: {
          __typename: 'Gym',
          id: 'gym1',
          name: 'The Arch',
          outSoonDays: 7,
          routesComingDown: { __typename: 'RouteConnection', pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null }, edges: [{ __typename: 'RouteEdge', node: stripped }] },
        },
      },
    });
    const planned = { __typename: 'Route' as const, id: 'r1', plannedStripAt: null, outSoon: false, gym: { __typename: 'Gym' as const, id: 'gym1' } };
    mutate(cache, ops.PlanStripDocument, { input: { routeIds: ['r1'], plannedStripAt: null } }, { planStrip: [planned] }, replannedStrip);
    expect(cache.readQuery({ query: ops.StripListDocument, variables: { gymId: 'gym1' } })).toBeNull();
    expect(cache.extract()['Route:r1']).toMatchObject({ plannedStripAt: null, outSoon: false });

    const v = (id: string) => ({ __typename: 'Grade' as const, id, value: id });
    const target = { __typename: 'GradeTarget' as const, count: 4, fromGrade: v('V3'), toGrade: v('V4') };
    const walls = { __typename: 'Wall' as const, id: 'w1', gradeTargets: [target], gradeDistribution: [{ __typename: 'GradeBandCount' as const, current: 1, target }] };
    cache.writeQuery({
      query: ops.WallPlanDocument,
      variables: { wallId: 'w1' },
      data: {
        wall: { ...walls, name: 'Cave', lastResetAt: null, gym: { __typename: 'Gym', id: 'gym1', name: 'The Arch' } },
        planReset: { __typename: 'ResetPlan', ratingsIncluded: true, wall: { __typename: 'Wall', id: 'w1' }, bandsToFill: [{ __typename: 'BandToFill', current: 1, missing: 3, target }], candidates: [] },
      },
    });
    expect(cache.extract()['ResetPlan:{"wall":{"id":"w1"}}']).toBeDefined();
    const retargeted = { ...walls, gradeTargets: [{ ...target, count: 1 }], gradeDistribution: [{ __typename: 'GradeBandCount' as const, current: 1, target: { ...target, count: 1 } }] };
    mutate(cache, ops.SetWallGradeTargetsDocument, { input: { wallId: 'w1', targets: [] } }, { setWallGradeTargets: retargeted }, replannedWall);
    expect(cache.readQuery({ query: ops.WallPlanDocument, variables: { wallId: 'w1' } })).toBeNull();
    expect(cache.extract()['Wall:w1']).toMatchObject({ gradeTargets: [{ count: 1 }] });
  });
});
