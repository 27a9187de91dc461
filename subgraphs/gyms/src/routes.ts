import { fields, isEmptyPatch, parseId, parseInput, pastDateTime, patch, prime, sentFields } from '@clmb/common';
import type { GymRow, RouteRow } from '@clmb/drizzle/gyms';
import { z } from 'zod';
import { requireSetter } from './access';
import type { Context } from './context';
import { invalidField, NotFoundError } from './errors';
import * as store from './route-store';

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
  colour: fields.text(32),
  name: fields.optionalText(64),
  setAt: pastDateTime.nullish().transform((v) => v ?? undefined),
});

const updateInput = z.object({
  id: fields.id,
  gradeId: patch.required(fields.id),
  colour: patch.required(fields.text(32)),
  name: patch.nullable(name),
});

const stripInput = z.object({
  id: fields.id,
  // An action, not a patch: left out or null, the route is stripped now (or keeps its strip time).
  strippedAt: pastDateTime.nullish().transform((value) => value ?? undefined),
});

/** A grade for a route at `gym`: it must exist and belong to the gym's grade system. */
async function checkGrade(ctx: Context, gym: GymRow, gradeId: string): Promise<void> {
  const grade = await ctx.loaders.gradeById.load(gradeId);
  if (grade?.gradeSystemId !== gym.gradeSystemId) throw invalidField('input.gradeId', "is not a grade of the gym's grade system");
}

/** The route as written, for later fields of this request; a gym's route list is read again. */
function written(ctx: Context, route: RouteRow): RouteRow {
  ctx.loaders.routesByGymId.clearAll();
  return prime(ctx.loaders.routeById, route);
}

async function existing(ctx: Context, id: string): Promise<RouteRow> {
  const route = await ctx.loaders.routeById.load(id);
  if (!route) throw new NotFoundError('Route', id);
  return route;
}

export const route = (ctx: Context, id: unknown) => ctx.loaders.routeById.load(parseId(id));

export const routesOfGym = (ctx: Context, gym: GymRow, includeStripped: boolean | null | undefined) =>
  ctx.loaders.routesByGymId.load({ gymId: gym.id, includeStripped: includeStripped ?? false });

export async function createRoute(ctx: Context, args: unknown): Promise<RouteRow> {
  requireSetter(ctx);
  const values = parseInput(createInput, args);
  const gym = await ctx.loaders.gymById.load(values.gymId);
  if (!gym) throw invalidField('input.gymId', 'no gym has this id');
  if (gym.archivedAt) throw invalidField('input.gymId', 'the gym is archived');
  await checkGrade(ctx, gym, values.gradeId);
  return written(ctx, await store.insertRoute(ctx.db, values));
}

export async function updateRoute(ctx: Context, args: unknown): Promise<RouteRow> {
  requireSetter(ctx);
  const { id, ...input } = parseInput(updateInput, args);
  const route = await existing(ctx, id);
  const changes = sentFields(input);
  if (isEmptyPatch(changes)) return route;
  if (changes.gradeId) {
    const gym = await ctx.loaders.gymById.load(route.gymId);
    if (gym) await checkGrade(ctx, gym, changes.gradeId);
  }
  const updated = await store.updateRoute(ctx.db, id, changes);
  if (!updated) throw new NotFoundError('Route', id);
  return written(ctx, updated);
}

export async function stripRoute(ctx: Context, args: unknown): Promise<RouteRow> {
  requireSetter(ctx);
  const { id, strippedAt } = parseInput(stripInput, args);
  const route = await existing(ctx, id);
  if (strippedAt && strippedAt < route.setAt) throw invalidField('input.strippedAt', 'must not be before the route was set');
  const stripped = await store.stripRoute(ctx.db, id, strippedAt ?? null);
  if (!stripped) throw new NotFoundError('Route', id);
  return written(ctx, stripped);
}
