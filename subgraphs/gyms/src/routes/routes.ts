import {
  fields,
  invalidField,
  isEmptyPatch,
  loadReference,
  nearestGrade,
  NotFoundError,
  parseId,
  parseInput,
  pastDateTime,
  patch,
  primeAfterWrite,
  requireViewer,
  sentFields,
} from '@clmb/common';
import type { GradeRow, GymRow, RouteRow, WallRow } from '@clmb/drizzle/gyms';
import { z } from 'zod';
import type { Context } from '../context';
import { gradesOfDiscipline } from '../grades/grade-systems';
import { openGym } from '../gyms/gyms';
import { ANY_STAFF, requireGymRole } from '../staff/access';
import { checkRoom } from './route-room';
import * as store from './route-store';
import { setterTags, tagFilter } from './route-tags';
import { announceComingDown, planLists, plannedStripTime } from './strip-plan';
import { checkSetters, setterIdsInput, writeSetters } from './setters';

const name = z
  .string()
  .trim()
  .max(64, 'must be at most 64 characters')
  .transform((v) => v || null);

// setAt and strippedAt report what a setter did at the wall: a time that has happened, as the
// listings (on the wall, newest first) assume; now when left out.
const createInput = z.object({
  gymId: fields.id,
  gradeId: fields.id,
  wallId: fields.id.nullish().transform((v) => v ?? null),
  colour: fields.text(32),
  name: fields.optionalText(64),
  setAt: pastDateTime.nullish().transform((v) => v ?? undefined),
  plannedStripAt: plannedStripTime.nullish().transform((v) => v ?? null),
  tags: setterTags.nullish().transform((v) => v ?? []),
  setterIds: setterIdsInput.nullish().transform((v) => v ?? []),
});

const updateInput = z.object({
  id: fields.id,
  gradeId: patch.required(fields.id),
  colour: patch.required(fields.text(32)),
  name: patch.nullable(name),
  wallId: patch.nullable(fields.id),
  plannedStripAt: patch.nullable(plannedStripTime),
  // null clears the tags: the column holds an empty list.
  tags: patch.nullable(setterTags).transform((v) => (v === null ? [] : v)),
  setterIds: patch.required(setterIdsInput),
});

const stripInput = z.object({
  id: fields.id,
  // An action, not a patch: left out or null, the route is stripped now (or keeps its strip time).
  strippedAt: pastDateTime.nullish().transform((value) => value ?? undefined),
});

const filterInput = z
  .object({
    wallId: fields.id.nullish(),
    colour: z.string().trim().max(32, 'must be at most 32 characters').nullish(),
    gradeFrom: fields.id.nullish(),
    gradeTo: fields.id.nullish(),
    setSince: fields.dateTime.nullish(),
    tags: tagFilter,
  })
  .nullish()
  // An empty or null criterion is no filter: the store is given only the conditions that narrow.
  .transform((filter) => ({
    wallId: filter?.wallId ?? undefined,
    colour: filter?.colour || undefined,
    gradeFrom: filter?.gradeFrom ?? undefined,
    gradeTo: filter?.gradeTo ?? undefined,
    setSince: filter?.setSince ?? undefined,
    tags: filter?.tags,
  }));

/**
 * A grade bound of a gym's routes: its place on the difficulty scale. Any system's grade will do
 * (a Font bound on a V-scale gym), as long as it is of the gym's discipline.
 */
async function gradeBound(ctx: Context, gym: GymRow, gradeId: string | undefined, field: string): Promise<number | undefined> {
  if (!gradeId) return undefined;
  const [grade, systems] = await Promise.all([ctx.loaders.gradeById.load(gradeId), gradesOfDiscipline(ctx, gym.gradeSystemId)]);
  if (!grade) throw invalidField(field, 'no grade has this id');
  if (!systems.has(grade.gradeSystemId)) {
    const [from, to] = await Promise.all([ctx.loaders.gradeSystemById.load(grade.gradeSystemId), ctx.loaders.gradeSystemById.load(gym.gradeSystemId)]);
    throw invalidField(field, `is a ${from?.discipline} grade, the gym grades ${to?.discipline} routes`);
  }
  return grade.scale;
}

/**
 * The bounds in every grade system of the gym's discipline, each the place of that system's grade
 * nearest to the bound (nearestGrade's rule): a route is held to those of its own grade's system,
 * also one graded in another system than the gym's.
 */
async function gradeRanges(ctx: Context, gym: GymRow, from: number | undefined, to: number | undefined): Promise<store.GradeRange[] | undefined> {
  if (from === undefined && to === undefined) return undefined;
  const nearest = (grades: GradeRow[], bound: number | undefined) => (bound === undefined ? undefined : nearestGrade(grades, bound)?.scale);
  const systems = await gradesOfDiscipline(ctx, gym.gradeSystemId);
  return [...systems].map(([gradeSystemId, grades]) => ({ gradeSystemId, fromScale: nearest(grades, from), toScale: nearest(grades, to) }));
}

/** A grade for a route at `gym`: it must exist and belong to the gym's grade system. */
async function checkGrade(ctx: Context, gym: GymRow, gradeId: string): Promise<void> {
  const grade = await ctx.loaders.gradeById.load(gradeId);
  if (grade?.gradeSystemId !== gym.gradeSystemId) throw invalidField('input.gradeId', "is not a grade of the gym's grade system");
}

/** A wall for a route at `gymId`: it must exist and be at the same gym. */
async function checkWall(ctx: Context, gymId: string, wallId: string | null | undefined): Promise<void> {
  if (!wallId) return;
  const wall = await ctx.loaders.wallById.load(wallId);
  if (!wall) throw invalidField('input.wallId', 'no wall has this id');
  if (wall.gymId !== gymId) throw invalidField('input.wallId', 'is a wall of another gym');
}

/**
 * The route as written, for later fields of this request; route lists are read again. The
 * router's caches drop the route, and its gym's and walls' lists that may hold it (or now should).
 */
function written(ctx: Context, route: RouteRow, before?: RouteRow): RouteRow {
  ctx.cacheTags.changed('Route', route.id);
  ctx.cacheTags.changed('Gym', route.gymId);
  ctx.cacheTags.changed('Wall', route.wallId, before?.wallId);
  return primeAfterWrite(ctx.loaders.routeById, route, planLists(ctx));
}

async function existing(ctx: Context, id: string): Promise<RouteRow> {
  requireViewer(ctx.viewer);
  const route = await ctx.loaders.routeById.load(id);
  if (!route) throw new NotFoundError('Route', id);
  return route;
}

export const route = (ctx: Context, id: unknown) => ctx.loaders.routeById.load(parseId(id));

/** Stripped routes still resolve: climbs logged on them must keep their route. */
export const routeByReference = (ctx: Context, reference: { id?: unknown }) => loadReference(ctx.loaders.routeById, reference);

export const routesOnWall = (ctx: Context, wall: WallRow, includeStripped: boolean | null | undefined) =>
  ctx.loaders.routesByWallId.load({ wallId: wall.id, includeStripped: includeStripped ?? false });

/**
 * `Gym.routes`: the filter's grade bounds checked against the gym's discipline and put in each
 * grade system of it, then one batched load.
 */
export async function routesOfGym(ctx: Context, gym: GymRow, args: { includeStripped?: boolean | null; filter?: unknown }) {
  const { gradeFrom, gradeTo, ...conditions } = parseInput(filterInput, args.filter, 'filter');
  const [from, to] = await Promise.all([gradeBound(ctx, gym, gradeFrom, 'filter.gradeFrom'), gradeBound(ctx, gym, gradeTo, 'filter.gradeTo')]);
  if (from !== undefined && to !== undefined && to < from) throw invalidField('filter.gradeTo', 'must not be easier than gradeFrom');
  if (conditions.wallId && !(await ctx.loaders.wallById.load(conditions.wallId))) throw invalidField('filter.wallId', 'no wall has this id');
  return ctx.loaders.routesByGymId.load({
    gymId: gym.id,
    includeStripped: args.includeStripped ?? false,
    filter: { ...conditions, gradeRanges: await gradeRanges(ctx, gym, from, to) },
  });
}

export async function createRoute(ctx: Context, args: unknown): Promise<RouteRow> {
  requireViewer(ctx.viewer);
  const { setterIds, ...values } = parseInput(createInput, args);
  await requireGymRole(ctx, values.gymId, ANY_STAFF);
  const gym = await openGym(ctx, values.gymId);
  await checkGrade(ctx, gym, values.gradeId);
  await checkWall(ctx, gym.id, values.wallId);
  await checkSetters(ctx, setterIds);
  const row = await ctx.db.transaction(async (tx) => {
    await checkRoom(tx, gym.id, values.wallId, { gym: true });
    const inserted = await store.insertRoute(tx, values);
    await writeSetters(ctx, tx, inserted.id, setterIds);
    return inserted;
  });
  ctx.cacheTags.setChanged('Route');
  return written(ctx, row);
}

export async function updateRoute(ctx: Context, args: unknown): Promise<RouteRow> {
  const { id, setterIds, ...input } = parseInput(updateInput, args);
  const route = await existing(ctx, id);
  await requireGymRole(ctx, route.gymId, ANY_STAFF);
  const changes = sentFields(input);
  if (isEmptyPatch(changes) && setterIds === undefined) {
    ctx.cacheTags.changed('Route', route.id);
    return route;
  }
  if (changes.gradeId) {
    const gym = await ctx.loaders.gymById.load(route.gymId);
    if (gym) await checkGrade(ctx, gym, changes.gradeId);
  }
  await checkWall(ctx, route.gymId, changes.wallId);
  // A stripped route keeps the plan it came down by: the two times tell how the plan went.
  if (changes.plannedStripAt !== undefined && route.strippedAt) throw invalidField('input.plannedStripAt', 'the route is stripped: its plan stays as it was');
  if (setterIds) await checkSetters(ctx, setterIds);
  // A standing route moved to another wall takes a place there.
  const moved = changes.wallId && changes.wallId !== route.wallId && !route.strippedAt ? changes.wallId : null;
  const updated = await ctx.db.transaction(async (tx) => {
    if (moved) await checkRoom(tx, route.gymId, moved, { gym: false });
    if (setterIds) await writeSetters(ctx, tx, id, setterIds);
    // Only the setters changed: the route is touched all the same, so its updatedAt tells.
    return isEmptyPatch(changes) ? await store.touchRoute(tx, id) : await store.updateRoute(tx, id, changes);
  });
  if (!updated) throw new NotFoundError('Route', id);
  if (changes.plannedStripAt) announceComingDown(ctx, [updated]);
  return written(ctx, updated, route);
}

export async function stripRoute(ctx: Context, args: unknown): Promise<RouteRow> {
  const { id, strippedAt } = parseInput(stripInput, args);
  const route = await existing(ctx, id);
  await requireGymRole(ctx, route.gymId, ANY_STAFF);
  if (strippedAt && strippedAt < route.setAt) throw invalidField('input.strippedAt', 'must not be before the route was set');
  const stripped = await store.stripRoute(ctx.db, id, strippedAt ?? null);
  if (!stripped) throw new NotFoundError('Route', id);
  return written(ctx, stripped, route);
}
