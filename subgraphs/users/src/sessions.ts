import { BadUserInputError, fields, NotFoundError, parseInput, requireViewer } from '@clmb/common';
import type { SessionRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import { assertAccess } from './access';
import type { Context } from './context';
import { schema } from './db';
import * as store from './session-store';

const mood = z.enum(schema.mood.enumValues);
const energy = z.enum(schema.energy.enumValues);
const NOTES_MAX = 2000;

const startInput = z.object({ gymId: fields.id, name: fields.optionalText(64), startTime: fields.dateTime.nullish() });
const updateInput = z.object({
  id: fields.id,
  name: fields.optionalText(64).optional(),
  startTime: fields.dateTime.nullish(),
  endTime: fields.dateTime.nullish(),
  notes: fields.optionalText(NOTES_MAX).optional(),
  mood: mood.nullish(),
  energy: energy.nullish(),
});
const endInput = z.object({
  id: fields.id,
  endTime: fields.dateTime.nullish(),
  notes: fields.optionalText(NOTES_MAX).optional(),
  mood: mood.nullish(),
  energy: energy.nullish(),
});
const deleteInput = z.object({ id: fields.id });

/** Loads a session the viewer may change: NOT_FOUND if there is none, FORBIDDEN if it is someone else's. */
export async function ownSession(ctx: Context, id: string): Promise<SessionRow> {
  requireViewer(ctx.viewer);
  const session = await ctx.loaders.sessionById.load(id);
  if (!session) throw new NotFoundError('Session', id);
  assertAccess(ctx.viewer, session.userId, 'sessions');
  return session;
}

// Writes refresh the loader, so fields resolved later in the same request see the new row.
function remember(ctx: Context, row: SessionRow): SessionRow {
  ctx.loaders.sessionById.clear(row.id).prime(row.id, row);
  return row;
}

function checkOrder(start: Date, end: Date | null | undefined): void {
  if (end && end < start) throw new BadUserInputError('input.endTime: must not be before the start time', 'input.endTime');
}

// Only keys the client sent: a field left out stays as it is, an explicit null clears it.
const sent = <T extends object>(input: T, keys: (keyof T)[]) =>
  Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));

export async function startSession(ctx: Context, args: unknown): Promise<SessionRow> {
  const input = parseInput(startInput, args);
  const viewer = requireViewer(ctx.viewer);
  const gym = await ctx.gyms.gym(input.gymId);
  if (!gym) throw new BadUserInputError('input.gymId: no gym has this id', 'input.gymId');
  if (gym.archivedAt) throw new BadUserInputError('input.gymId: this gym is archived', 'input.gymId');
  // Set here rather than by the column default: JavaScript dates keep milliseconds only, and a
  // start time with microseconds would not round-trip through a keyset cursor.
  const startTime = input.startTime ?? new Date();
  return remember(ctx, await store.insertSession(ctx.db, { userId: viewer.id, gymId: gym.id, name: input.name, startTime }));
}

export async function updateSession(ctx: Context, args: unknown): Promise<SessionRow> {
  const input = parseInput(updateInput, args);
  const session = await ownSession(ctx, input.id);
  const patch: store.SessionPatch = sent(input, ['name', 'endTime', 'notes', 'mood', 'energy']);
  if (input.startTime) patch.startTime = input.startTime;
  checkOrder(patch.startTime ?? session.startTime, 'endTime' in patch ? patch.endTime : session.endTime);
  const row = await store.updateSession(ctx.db, session.id, patch);
  if (!row) throw new NotFoundError('Session', input.id);
  return remember(ctx, row);
}

export async function endSession(ctx: Context, args: unknown): Promise<SessionRow> {
  const input = parseInput(endInput, args);
  const session = await ownSession(ctx, input.id);
  if (session.endTime) throw new BadUserInputError('input.id: this session has already ended', 'input.id');
  const endTime = input.endTime ?? new Date();
  checkOrder(session.startTime, endTime);
  const patch = { ...sent(input, ['notes', 'mood', 'energy']), endTime };
  const row = await store.updateSession(ctx.db, session.id, patch, { onlyIfOpen: true });
  // Ended (or deleted) between the check above and the update: the update is the arbiter.
  if (!row) throw new BadUserInputError('input.id: this session has already ended', 'input.id');
  return remember(ctx, row);
}

export async function deleteSession(ctx: Context, args: unknown): Promise<string> {
  const input = parseInput(deleteInput, args);
  const session = await ownSession(ctx, input.id);
  if (!(await store.deleteSession(ctx.db, session.id))) throw new NotFoundError('Session', input.id);
  ctx.loaders.sessionById.clear(session.id);
  return session.id;
}
