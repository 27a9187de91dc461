import {
  type Connection,
  fields,
  ForbiddenError,
  invalidField,
  isEmptyPatch,
  NotFoundError,
  pageSize,
  parseAfter,
  parseInput,
  patch,
  present,
  prime,
  requireViewer,
  sentFields,
  toConnection,
} from '@clmb/common';
import type { ProjectRow, UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import type { RoutePlan } from '../gyms-client/gyms-client';
import type { Loaders } from '../loaders';
import * as store from './project-store';

export type ProjectConnectionParent = Connection<ProjectRow>;
export type ProjectStatus = 'ACTIVE' | 'SENT' | 'GONE';

/** The most projects a climber has: addProject and an import refuse more. */
export const MAX_PROJECTS = 200;
export const tooManyProjectsProblem = `you already have ${MAX_PROJECTS} projects, the most a climber has: remove one first`;
export const duplicateProjectProblem = 'is already one of your projects';
const MAX_EXPIRING_DAYS = 365;
const DAY_MS = 86_400_000;

// One line of text: no control characters at all (no line breaks either).
const note = fields.optionalText(500);
const addInput = z.object({ routeId: fields.id, note });
// Omitted keeps a field, null clears the note and is refused on the position.
const updateInput = z.object({
  projectId: fields.id,
  note: patch.nullable(note),
  position: patch.required(z.number().int('must be a whole number').min(1, 'must be at least 1')),
});
const removeInput = z.object({ projectId: fields.id });
const cursorKey = z.tuple([z.number().int(), z.uuid()]);

/** The rules of a project's fields, which a logbook import applies to each project row as addProject does. */
export const projectFields = { note };

/**
 * A project's state: SENT once the logbook holds a send of its route (whatever became of the
 * route since), else GONE once the route is stripped (or gyms does not know it), else ACTIVE.
 */
export function statusOf(project: Pick<ProjectRow, 'sentAt'>, route: RoutePlan | null | undefined): ProjectStatus {
  if (project.sentAt) return 'SENT';
  return !route || route.strippedAt ? 'GONE' : 'ACTIVE';
}

/**
 * The route a project may be added on, or why not (addProject's `input.routeId`, an import's
 * route cell): a known route, on the wall. An import passes the file's `addedAt`: a project added
 * before the route came down comes in as history, as a climb logged before does.
 */
export function routeToProject(route: { id: string; strippedAt: string | null } | null | undefined, addedAt?: Date): string | null {
  if (!route) return 'no route with this id';
  if (!route.strippedAt) return null;
  if (addedAt && addedAt < new Date(route.strippedAt)) return null;
  return addedAt ? 'the route was stripped before this project was added' : 'the route was stripped: it is no project any more';
}

/** A project of the viewer's: NOT_FOUND for anyone else's, as for none, so ids tell nothing. */
async function ownProject(ctx: Context, id: string): Promise<ProjectRow> {
  const viewer = requireViewer(ctx.viewer);
  const project = await ctx.loaders.projectById.load(id);
  if (!project || project.userId !== viewer.id) throw new NotFoundError('Project', id);
  return project;
}

/** After a write: the written projects as the request reads them next, and the viewer's lists read again. */
function written(loaders: Loaders, userId: string, rows: readonly ProjectRow[]): void {
  loaders.projectsByUserId.clear(userId);
  for (const row of rows) {
    prime(loaders.projectById, row);
    prime(loaders.projectByUserAndRoute, row, { userId: row.userId, routeId: row.routeId });
  }
}

export async function addProject(ctx: Context, args: unknown): Promise<ProjectRow> {
  const viewer = requireViewer(ctx.viewer);
  const input = parseInput(addInput, args);
  const problem = routeToProject(await ctx.routePlans.load(input.routeId));
  if (problem) throw invalidField('input.routeId', problem);
  const row = await ctx.db.transaction(async (tx) => {
    const count = present(await store.lockUserProjects(tx, viewer.id), `user ${viewer.id}`);
    if ((await store.findProjectsOfUserOnRoutes(tx, viewer.id, [input.routeId])).length > 0) throw invalidField('input.routeId', duplicateProjectProblem);
    if (count >= MAX_PROJECTS) throw invalidField('input.routeId', tooManyProjectsProblem);
    await store.insertProjects(tx, [{ userId: viewer.id, routeId: input.routeId, note: input.note, position: count + 1 }]);
    // Already sent before it became a project: SENT at once, from the logbook.
    const [refreshed] = await store.refreshSentAt(tx, viewer.id, [input.routeId]);
    return present(refreshed, 'the added project');
  });
  written(ctx.loaders, viewer.id, [row]);
  return row;
}

export async function updateProject(ctx: Context, args: unknown): Promise<ProjectRow> {
  const { projectId, ...input } = parseInput(updateInput, args);
  const project = await ownProject(ctx, projectId);
  const changes: store.ProjectPatch = sentFields(input);
  if (changes.position === project.position) delete changes.position;
  if (isEmptyPatch(changes)) return project;
  const row = await ctx.db.transaction(async (tx) => {
    const count = present(await store.lockUserProjects(tx, project.userId), `user ${project.userId}`);
    // Read again under the lock: another write may have moved or removed it.
    const [current] = await store.findProjectsByIds(tx, [project.id]);
    if (!current) throw new NotFoundError('Project', projectId);
    if (changes.position !== undefined) {
      if (changes.position > count) throw invalidField('input.position', `must be between 1 and ${count}, your number of projects`);
      await store.shiftBetween(tx, current.userId, current.position, changes.position);
    }
    return present(await store.updateProject(tx, current.id, changes), 'the updated project');
  });
  // Others moved too: every project of the viewer is read again.
  ctx.loaders.projectById.clearAll();
  ctx.loaders.projectByUserAndRoute.clearAll();
  written(ctx.loaders, row.userId, [row]);
  return row;
}

export async function removeProject(ctx: Context, args: unknown): Promise<string> {
  const input = parseInput(removeInput, args);
  const project = await ownProject(ctx, input.projectId);
  const removed = await ctx.db.transaction(async (tx) => {
    await store.lockUserProjects(tx, project.userId);
    return await store.deleteProject(tx, project.id);
  });
  if (!removed) throw new NotFoundError('Project', input.projectId);
  ctx.loaders.projectById.clearAll();
  ctx.loaders.projectByUserAndRoute.clearAll();
  ctx.loaders.projectsByUserId.clear(project.userId);
  return removed.id;
}

/**
 * Keeps `sentAt` of a climber's projects on these routes what the logbook says, in the
 * transaction of the write that changed their climbs (logClimb, updateClimb, deleteClimb,
 * deleteSession, an import): the earliest send, or null when none remains. `loaders`: the
 * request's, which then read the projects again.
 */
export async function syncProjectSends(tx: UsersDb, userId: string, routeIds: readonly string[], loaders?: Loaders): Promise<void> {
  const unique = [...new Set(routeIds)];
  if (unique.length === 0) return;
  await store.refreshSentAt(tx, userId, unique);
  if (!loaders) return;
  loaders.projectById.clearAll();
  loaders.projectByUserAndRoute.clearAll();
  loaders.projectsByUserId.clear(userId);
  loaders.projectProgress.clearAll();
}

/** A project of a logbook file, its route checked (`routeToProject`). */
export interface ProjectToImport {
  routeId: string;
  note: string | null;
  addedAt: Date | undefined;
}

/**
 * Which of a file's projects are new to the user, in file order, under the user's lock (held to
 * the end of the import's transaction): a route they already have a project on is skipped, as is
 * a route twice in the file; past their 200th project each is refused, with why.
 */
export async function projectsToImport<T extends ProjectToImport>(tx: UsersDb, userId: string, candidates: readonly T[]) {
  const count = present(await store.lockUserProjects(tx, userId), `user ${userId}`);
  const had = new Set((await store.findProjectsOfUserOnRoutes(tx, userId, candidates.map((c) => c.routeId))).map((p) => p.routeId));
  const fresh: T[] = [];
  const refused: { candidate: T; problem: string }[] = [];
  let skipped = 0;
  for (const candidate of candidates) {
    if (had.has(candidate.routeId)) {
      skipped++;
      continue;
    }
    had.add(candidate.routeId);
    if (count + fresh.length >= MAX_PROJECTS) refused.push({ candidate, problem: tooManyProjectsProblem });
    else fresh.push(candidate);
  }
  return { fresh, skipped, refused, nextPosition: count + 1 };
}

/** Writes what `projectsToImport` found new, last in the user's order, in one statement; their sends follow with `syncProjectSends`. */
export async function writeImportedProjects(tx: UsersDb, userId: string, nextPosition: number, fresh: readonly ProjectToImport[]): Promise<void> {
  await store.insertProjects(
    tx,
    fresh.map((p, i) => ({ userId, routeId: p.routeId, note: p.note, position: nextPosition + i, createdAt: p.addedAt })),
  );
}

/** Days from now within which `expiringWithin` keeps projects; null: no such filter. */
function expiringDays(value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0 || value > MAX_EXPIRING_DAYS) throw invalidField('expiringWithin', `must be between 0 and ${MAX_EXPIRING_DAYS}`);
  return value;
}

/**
 * A page of the user's projects in their order, by (position, id). Only the user themself:
 * anyone else, an ADMIN too, is FORBIDDEN. A climber has at most 200 projects: they are read in
 * one statement, and with a filter their routes in one request to gyms.
 */
export async function userProjects(
  ctx: Context,
  user: UserRow,
  args: { status?: ProjectStatus | null; expiringWithin?: number | null; first?: number | null; after?: string | null },
): Promise<ProjectConnectionParent> {
  const viewer = requireViewer(ctx.viewer);
  if (viewer.id !== user.id) throw new ForbiddenError('You may only see your own projects.');
  const size = pageSize(args.first);
  const days = expiringDays(args.expiringWithin);
  const after = parseAfter(args.after, cursorKey);
  let rows = await ctx.loaders.projectsByUserId.load(user.id);
  if (args.status || days !== null) {
    const routes = await Promise.all(rows.map((row) => ctx.routePlans.load(row.routeId)));
    const until = days === null ? null : Date.now() + days * DAY_MS;
    rows = rows.filter((row, i) => {
      const route = routes[i];
      if (args.status && statusOf(row, route) !== args.status) return false;
      return until === null || (!!route?.plannedStripAt && new Date(route.plannedStripAt).getTime() <= until);
    });
  }
  if (after) rows = rows.filter((row) => row.position > after[0] || (row.position === after[0] && row.id > after[1]));
  return toConnection(rows.slice(0, size + 1), size, (row) => [row.position, row.id], after !== null);
}

export async function projectStatus(ctx: Context, project: ProjectRow): Promise<ProjectStatus> {
  // A send is the logbook's to say: gyms is not asked.
  if (project.sentAt) return 'SENT';
  return statusOf(project, await ctx.routePlans.load(project.routeId));
}

export async function projectExpiresAt(ctx: Context, project: ProjectRow): Promise<Date | null> {
  const route = await ctx.routePlans.load(project.routeId);
  return route?.plannedStripAt ? new Date(route.plannedStripAt) : null;
}

export async function projectAttempts(ctx: Context, project: ProjectRow): Promise<number> {
  return (await ctx.loaders.projectProgress.load({ userId: project.userId, routeId: project.routeId }))?.attempts ?? 0;
}

export async function projectSessions(ctx: Context, project: ProjectRow): Promise<number> {
  return (await ctx.loaders.projectProgress.load({ userId: project.userId, routeId: project.routeId }))?.sessions ?? 0;
}

/** The viewer's project on a route: private to them, so null without a token. */
export const myProject = (ctx: Context, routeId: string): Promise<ProjectRow | null> | null =>
  ctx.viewer ? ctx.loaders.projectByUserAndRoute.load({ userId: ctx.viewer.id, routeId }) : null;

/**
 * Climbers with the route as an ACTIVE project: the projects not sent yet, none once the route is
 * stripped. Gyms is asked only about routes that have some (one request for a page of routes).
 */
export async function projectCount(ctx: Context, routeId: string): Promise<number> {
  const active = (await ctx.loaders.activeProjectCountByRouteId.load(routeId))?.count ?? 0;
  if (active === 0) return 0;
  const route = await ctx.routePlans.load(routeId);
  return statusOf({ sentAt: null }, route) === 'ACTIVE' ? active : 0;
}
