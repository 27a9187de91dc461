import { fields, invalidField, isEmptyPatch, NotFoundError, parseInput, patch, present, prime, requireViewer, sentFields } from '@clmb/common';
import type { ProjectRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import type { Loaders } from '../loaders';
import * as store from './project-store';

/** The most projects a climber has: addProject and an import refuse more. */
export const MAX_PROJECTS = 200;
export const tooManyProjectsProblem = `you already have ${MAX_PROJECTS} projects, the most a climber has: remove one first`;
export const duplicateProjectProblem = 'is already one of your projects';

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

/** The rules of a project's fields, which a logbook import applies to each project row as addProject does. */
export const projectFields = { note };

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
 * deleteSession, an import), after that write: the earliest send, or null when none remains.
 * `loaders`: the request's, which then read the projects again. Returns the projects this made
 * SENT (for the feed's PROJECT_SENT).
 */
export async function syncProjectSends(tx: UsersDb, userId: string, routeIds: readonly string[], loaders?: Loaders): Promise<ProjectRow[]> {
  const unique = [...new Set(routeIds)];
  if (unique.length === 0) return [];
  // Under the user's lock, held to the commit: the refresh, a statement of its own, reads the
  // logbook as every earlier writer of this user's climbs and projects committed it. Without the
  // lock two writes of different climbs on one route (two sends deleted at once) each read the
  // other's climb as it was before and the last to write could leave a send that is gone.
  await store.lockUser(tx, userId);
  const unsent = new Set((await store.findProjectsOfUserOnRoutes(tx, userId, unique)).filter((p) => !p.sentAt).map((p) => p.id));
  const refreshed = await store.refreshSentAt(tx, userId, unique);
  if (loaders) {
    loaders.projectById.clearAll();
    loaders.projectByUserAndRoute.clearAll();
    loaders.projectsByUserId.clear(userId);
    loaders.projectProgress.clearAll();
  }
  return refreshed.filter((project) => project.sentAt && unsent.has(project.id));
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
  // A file without projects (every file written before them) costs no statement here.
  if (candidates.length === 0) return { fresh: [] as T[], skipped: 0, refused: [] as { candidate: T; problem: string }[], nextPosition: 1 };
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
