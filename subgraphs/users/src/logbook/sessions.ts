import { fields, invalidField, isEmptyPatch, loadReference, NotFoundError, parseId, parseInput, pastDateTime, patch, present, prime, requireViewer, sentFields } from '@clmb/common';
import { formatDuration } from '@clmb/scalars';
import type { SessionRow, UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import { assertAccess } from '../access';
import type { Context } from '../context';
import { schema } from '../db';
import { announcer, recordSessionEnded } from '../feed/feed';
import { allVisible, assertCanSee } from '../privacy/privacy';
import { allTimeSessionCount } from '../stats/stats';
import { privateCount, type SessionConnectionParent } from './session-connection';
import { syncProjectSends } from '../projects/projects';
import { findClimbedRouteIds, lockSession } from './climb-store';
import * as store from './session-store';
import { announceLeaderboards } from '../community/leaderboards';

const name = fields.optionalText(64);
const notes = fields.optionalText(2000, { multiline: true });
const mood = z.enum(schema.mood.enumValues);
const energy = z.enum(schema.energy.enumValues);
/** A narrowing wider than the account is kept as given and never widens it (privacy/rule.ts's effectiveVisibility). */
export const visibility = z.enum(schema.visibility.enumValues);

// Omitted keeps a field (or takes its default), null clears a nullable one and is refused on one
// that cannot be empty; times a climber reports must have happened.
// Not a patch: a time left out or null means now, as before the patch rule.
const now = pastDateTime.nullish().transform((value) => value ?? undefined);
const startInput = z.object({ gymId: fields.id, name, startTime: now, visibility: visibility.nullish() });
const updateInput = z.object({
  id: fields.id,
  name: patch.nullable(name),
  startTime: patch.required(pastDateTime),
  endTime: patch.nullable(pastDateTime),
  notes: patch.nullable(notes),
  mood: patch.nullable(mood),
  energy: patch.nullable(energy),
  visibility: patch.nullable(visibility),
});
const endInput = z.object({
  id: fields.id,
  endTime: now,
  notes: patch.nullable(notes),
  mood: patch.nullable(mood),
  energy: patch.nullable(energy),
});
const deleteInput = z.object({ id: fields.id });

/** The rules of a session's fields, which a logbook import applies to each row as startSession and updateSession do. */
export const sessionFields = { name, notes, mood, energy, visibility };

/** Loads a session the viewer may change: NOT_FOUND if there is none, FORBIDDEN if it is someone else's. */
export async function ownSession(ctx: Context, id: string): Promise<SessionRow> {
  requireViewer(ctx.viewer);
  const session = await ctx.loaders.sessionById.load(id);
  if (!session) throw new NotFoundError('Session', id);
  assertAccess(ctx.viewer, session.userId, 'sessions');
  return session;
}

/** null when there is none; FORBIDDEN when the viewer may not see it (entities too: the router is no way around it). */
async function visible(ctx: Context, session: SessionRow | null): Promise<SessionRow | null> {
  if (!session) return null;
  // Anonymous readers never see a logbook (Session is @authenticated at the router too).
  requireViewer(ctx.viewer);
  await assertCanSee(ctx, session.userId, 'session', session.visibility);
  return session;
}

/** What the climber narrowed the session to: theirs to know, null for everyone else. */
export const sessionVisibility = (ctx: Context, session: SessionRow) => (ctx.viewer?.id === session.userId ? session.visibility : null);

/** `SessionConnection.privateCount`: the user's sessions the viewer may not see. */
export const privateSessionCount = async (ctx: Context, connection: SessionConnectionParent): Promise<number> =>
  allVisible(connection.allowed) ? 0 : privateCount(ctx.loaders, connection);

/** `SessionConnection.totalCount`: the sessions the viewer may page through. */
export async function visibleSessionCount(ctx: Context, connection: SessionConnectionParent): Promise<number> {
  const [all, hidden] = await Promise.all([allTimeSessionCount(ctx, connection.userId), privateSessionCount(ctx, connection)]);
  return all - hidden;
}

export const session = async (ctx: Context, args: { id: string }) => visible(ctx, await ctx.loaders.sessionById.load(parseId(args.id)));

export const sessionReference = async (ctx: Context, ref: { id: unknown }) => visible(ctx, await loadReference(ctx.loaders.sessionById, ref));

export const sessionUser = async (ctx: Context, session: SessionRow): Promise<UserRow> =>
  present(await ctx.loaders.userById.load(session.userId), `user ${session.userId} of session ${session.id}`);

/** Derived, never stored: it cannot disagree with the start and end times. */
export const duration = (session: SessionRow): string | null =>
  session.endTime ? formatDuration(session.endTime.getTime() - session.startTime.getTime()) : null;

function checkOrder(start: Date, end: Date | null | undefined): void {
  if (end && end < start) throw invalidField('input.endTime', 'must not be before the start time');
}

/**
 * Why no session can be logged at this gym, or null. startSession passes no `startTime`: an
 * archived gym takes no new session, whatever the archive's time (gyms' clock may be ahead of
 * ours). An import passes the file's start: a session from before the gym closed comes in.
 */
export const archivedGymProblem = (gym: { archivedAt: string | null }, startTime?: Date): string | null =>
  gym.archivedAt && (!startTime || new Date(gym.archivedAt) <= startTime) ? `the gym has been archived since ${gym.archivedAt}` : null;

export async function startSession(ctx: Context, args: unknown): Promise<SessionRow> {
  const input = parseInput(startInput, args);
  const viewer = requireViewer(ctx.viewer);
  const gym = await ctx.gyms.gym(input.gymId);
  if (!gym) throw invalidField('input.gymId', 'no gym has this id');
  const archived = archivedGymProblem(gym);
  if (archived) throw invalidField('input.gymId', archived);
  // Set here rather than by the column default: JavaScript dates keep milliseconds only, and a
  // start time with microseconds would not round-trip through a keyset cursor.
  const startTime = input.startTime ?? new Date();
  return prime(
    ctx.loaders.sessionById,
    await store.insertSession(ctx.db, { userId: viewer.id, gymId: gym.id, name: input.name, startTime, visibility: input.visibility ?? null }),
  );
}

export async function updateSession(ctx: Context, args: unknown): Promise<SessionRow> {
  const { id, ...input } = parseInput(updateInput, args);
  const session = await ownSession(ctx, id);
  const changes: store.SessionPatch = sentFields(input);
  if (changes.endTime === null && session.endTime) {
    throw invalidField('input.endTime', 'an ended session cannot be re-opened');
  }
  if (isEmptyPatch(changes)) return session;
  checkOrder(changes.startTime ?? session.startTime, 'endTime' in changes ? changes.endTime : session.endTime);
  const row = await store.updateSession(ctx.db, session.id, changes);
  if (!row) throw new NotFoundError('Session', id);
  // Leaderboards score only the sends that do not narrow the account: narrowing changes the board.
  if ('visibility' in changes) announceLeaderboards(ctx, [row.gymId]);
  return prime(ctx.loaders.sessionById, row);
}

export async function endSession(ctx: Context, args: unknown): Promise<SessionRow> {
  const { id, endTime, ...input } = parseInput(endInput, args);
  const session = await ownSession(ctx, id);
  if (session.endTime) throw invalidField('input.id', 'this session has already ended');
  const changes = { ...sentFields(input), endTime: endTime ?? new Date() };
  checkOrder(session.startTime, changes.endTime);
  const { row, items } = await ctx.db.transaction(async (tx) => {
    const ended = await store.updateSession(tx, session.id, changes, { onlyIfOpen: true });
    // Ended (or deleted) between the check above and the update: the update is the arbiter.
    if (!ended) throw invalidField('input.id', 'this session has already ended');
    return { row: ended, items: await recordSessionEnded(tx, ended) };
  });
  announcer(ctx, items)();
  return prime(ctx.loaders.sessionById, row);
}

export async function deleteSession(ctx: Context, args: unknown): Promise<string> {
  const input = parseInput(deleteInput, args);
  const session = await ownSession(ctx, input.id);
  const deleted = await ctx.db.transaction(async (tx) => {
    // Its climbs go with it: projects whose send they were revert, in this transaction. Every
    // route it has climbs on, sent or not, read under the session's lock (no climb comes in):
    // a climb made a send while this runs is deleted all the same, and its route is synced.
    if (!(await lockSession(tx, session.id))) return false;
    const routeIds = await findClimbedRouteIds(tx, session.id);
    if (!(await store.deleteSession(tx, session.id))) return false;
    await syncProjectSends(tx, session.userId, routeIds, ctx.loaders);
    return true;
  });
  if (!deleted) throw new NotFoundError('Session', input.id);
  announceLeaderboards(ctx, [session.gymId]);
  ctx.loaders.sessionById.clear(session.id);
  return session.id;
}
