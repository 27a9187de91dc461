import { fields, invalidField, isEmptyPatch, loadReference, NotFoundError, parseId, parseInput, patch, primeAfterWrite, requireViewer, sentFields } from '@clmb/common';
import type { GymRow, WallRow } from '@clmb/drizzle/gyms';
import { z } from 'zod';
import type { Context } from '../context';
import { lockGym } from '../gyms/gym-store';
import { openGym } from '../gyms/gyms';
import { HEAD_SETTERS, requireGymRole } from '../staff/access';
import * as store from './wall-store';

/** The most walls (or sectors) a gym has (`Gym.walls`): big gyms name a dozen or two. */
const MAX_WALLS_PER_GYM = 50;

const createInput = z.object({ gymId: fields.id, name: fields.text(64) });
const updateInput = z.object({ id: fields.id, name: patch.required(fields.text(64)) });

/** The wall as written, for later fields of this request; wall lists are read again. */
function written(ctx: Context, wall: WallRow): WallRow {
  ctx.cacheTags.changed('Wall', wall.id);
  return primeAfterWrite(ctx.loaders.wallById, wall, [[ctx.loaders.wallsByGymId, wall.gymId]]);
}

export const wall = (ctx: Context, id: unknown) => ctx.loaders.wallById.load(parseId(id));

export const wallByReference = (ctx: Context, reference: { id?: unknown }) => loadReference(ctx.loaders.wallById, reference);

/** A route's wall, if it is on one. */
export const wallOf = (ctx: Context, route: { wallId: string | null }) =>
  route.wallId ? ctx.loaders.wallById.load(route.wallId) : null;

export const wallsOfGym = (ctx: Context, gym: GymRow) => ctx.loaders.wallsByGymId.load(gym.id);

export async function createWall(ctx: Context, args: unknown): Promise<WallRow> {
  requireViewer(ctx.viewer);
  const values = parseInput(createInput, args);
  await requireGymRole(ctx, values.gymId, HEAD_SETTERS);
  await openGym(ctx, values.gymId);
  const row = await ctx.db.transaction(async (tx) => {
    await lockGym(tx, values.gymId);
    if ((await store.countWalls(tx, values.gymId)) >= MAX_WALLS_PER_GYM)
      throw invalidField('input.gymId', `the gym already has ${MAX_WALLS_PER_GYM} walls, the most a gym has`);
    return await store.insertWall(tx, values);
  });
  ctx.cacheTags.changed('Gym', row.gymId);
  ctx.cacheTags.setChanged('Wall');
  return written(ctx, row);
}

export async function updateWall(ctx: Context, args: unknown): Promise<WallRow> {
  requireViewer(ctx.viewer);
  const { id, ...input } = parseInput(updateInput, args);
  const wall = await ctx.loaders.wallById.load(id);
  if (!wall) throw new NotFoundError('Wall', id);
  await requireGymRole(ctx, wall.gymId, HEAD_SETTERS);
  const changes = sentFields(input);
  const updated = isEmptyPatch(changes) ? wall : await store.updateWall(ctx.db, id, changes);
  if (!updated) throw new NotFoundError('Wall', id);
  return written(ctx, updated);
}
