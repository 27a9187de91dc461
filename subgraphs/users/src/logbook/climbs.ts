import { fields, invalidField, isEmptyPatch, loadReference, NotFoundError, parseInput, patch, present, primeAfterWrite, requireViewer, sentFields } from '@clmb/common';
import type { ClimbRow, SessionRow, Visibility } from '@clmb/drizzle/users';
import { z } from 'zod';
import { assertAccess } from '../access';
import { type Ascent, styleProblem } from './ascent-style';
import * as store from './climb-store';
import type { RouteGrade } from './climb-store';
import type { Context } from '../context';
import type { RouteSummary } from '../gyms-client/gyms-client';
import { schema, type UsersDb } from '../db';
import { announcer, forgetSend, recordProjectsSent, recordSend } from '../feed/feed';
import { placesTaken, standingsBefore } from '../notifications/leaderboard-places';
import { syncProjectSends } from '../projects/projects';
import { assertCanSee, visibleItems } from '../privacy/privacy';
import { ownSession, visibility } from './sessions';
import { announceLeaderboards } from '../community/leaderboards';

const attempts = z.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000');
const style = z.enum(schema.ascentStyle.enumValues);
const notes = fields.optionalText(2000, { multiline: true });

const logInput = z.object({ sessionId: fields.id, routeId: fields.id, attempts, sent: z.boolean(), style: style.nullish(), notes, visibility: visibility.nullish() });
// Omitted keeps a field, null clears style and notes and is refused on attempts and sent.
const updateInput = z.object({
  id: fields.id,
  attempts: patch.required(attempts),
  sent: patch.required(z.boolean()),
  style: patch.nullable(style),
  notes: patch.nullable(notes),
  visibility: patch.nullable(visibility),
});
const deleteInput = z.object({ id: fields.id });

/** The rules of a climb's fields, which a logbook import applies to each row as logClimb does. */
export const climbFields = { attempts, style, notes };

function checkStyle(ascent: Ascent): void {
  const problem = styleProblem(ascent);
  if (problem) throw invalidField('input.style', problem);
}

/** Loads a climb the viewer may change, with its session: NOT_FOUND, or FORBIDDEN if it is someone else's. */
async function ownClimb(ctx: Context, id: string): Promise<{ climb: ClimbRow; session: SessionRow }> {
  requireViewer(ctx.viewer);
  const climb = await ctx.loaders.climbById.load(id);
  const session = climb && (await ctx.loaders.sessionById.load(climb.sessionId));
  if (!climb || !session) throw new NotFoundError('Climb', id);
  assertAccess(ctx.viewer, session.userId, 'climbs');
  return { climb, session };
}

/** A climb is as private as its session, or narrower; null for an unknown or malformed id, FORBIDDEN for one the viewer may not see. */
export async function climbReference(ctx: Context, ref: { id: unknown }): Promise<ClimbRow | null> {
  const climb = await loadReference(ctx.loaders.climbById, ref);
  const session = climb && (await ctx.loaders.sessionById.load(climb.sessionId));
  if (!climb || !session) return null;
  requireViewer(ctx.viewer);
  await assertCanSee(ctx, session.userId, 'climb', session.visibility, climb.visibility);
  return climb;
}

/** The session's climbs the viewer may see, in the order they were logged, and how many were left out. */
export async function visibleClimbs(ctx: Context, session: SessionRow): Promise<{ visible: ClimbRow[]; hidden: number }> {
  const climbs = await ctx.loaders.climbsBySessionId.load(session.id);
  return visibleItems(ctx, climbs, () => session.userId, (climb) => [session.visibility, climb.visibility]);
}

export const sessionClimbs = async (ctx: Context, session: SessionRow): Promise<ClimbRow[]> => (await visibleClimbs(ctx, session)).visible;

/** What the climber narrowed the climb to: theirs to know, null for everyone else. */
export async function climbVisibility(ctx: Context, climb: ClimbRow): Promise<Visibility | null> {
  const session = await ctx.loaders.sessionById.load(climb.sessionId);
  return session && ctx.viewer?.id === session.userId ? climb.visibility : null;
}

export const climbSession = async (ctx: Context, climb: ClimbRow): Promise<SessionRow> =>
  present(await ctx.loaders.sessionById.load(climb.sessionId), `session ${climb.sessionId} of climb ${climb.id}`);

/**
 * What a climb keeps of its route when it is logged (logClimb, an import, the backfill): the
 * route's grade now, whatever it is regraded to later, with what stats need (see `Climb.grade`).
 */
export const frozenGrade = (route: RouteSummary): Omit<RouteGrade, 'routeId'> => ({
  gradeId: route.grade.id,
  gradeScale: route.grade.scale,
  discipline: route.grade.system.discipline,
  gymId: route.gym.id,
});

/**
 * The route a climb is logged on, or why it cannot be (logClimb's `input.routeId`, an import's
 * route cell): at the session's gym, and not stripped. logClimb passes no `loggedAt`: a stripped
 * route takes no new climb, whatever the strip's time (gyms takes a `strippedAt` a few minutes
 * ahead of its clock, and hides the route from `Gym.routes` at once). An import passes the file's
 * `loggedAt`: a climb from before the route came down comes in, unless the session itself started
 * after it came down (a climb dated back into a current session is no history).
 */
export function routeToLog(route: RouteSummary | null | undefined, session: { gymId: string; startTime: Date }, loggedAt?: Date): { route: RouteSummary } | { problem: string } {
  if (!route || route.gym.id !== session.gymId) return { problem: "no route with this id at the session's gym" };
  if (!route.strippedAt) return { route };
  const strippedAt = new Date(route.strippedAt);
  if (loggedAt && strippedAt <= session.startTime) return { problem: 'the route was stripped before this session started' };
  if (!loggedAt || strippedAt <= loggedAt) return { problem: 'the route was stripped before this climb was logged' };
  return { route };
}

/** The most climbs a session takes (Session.climbs is never longer): logClimb and an import refuse more. */
export const MAX_CLIMBS_PER_SESSION = 200;
export const sessionFullProblem = `the session already has ${MAX_CLIMBS_PER_SESSION} climbs, the most a session takes: log the rest in another session`;

/** A climb as logClimb and an import write it, on a route `routeToLog` accepted; without `loggedAt` it is logged now. */
export interface ClimbToLog extends Ascent {
  route: RouteSummary;
  notes: string | null;
  visibility?: Visibility | null;
  loggedAt?: Date;
}

/** Writes climbs of one session, each with its route's grade frozen: one statement per 1,000. */
export const writeClimbs = (db: UsersDb, sessionId: string, climbs: readonly ClimbToLog[]): Promise<ClimbRow[]> =>
  store.insertClimbs(
    db,
    climbs.map(({ route, loggedAt, ...climb }) => ({ ...climb, sessionId, routeId: route.id, createdAt: loggedAt, ...frozenGrade(route) })),
  );

export async function logClimb(ctx: Context, args: unknown): Promise<ClimbRow> {
  const input = parseInput(logInput, args);
  const session = await ownSession(ctx, input.sessionId);
  const ascent = { style: input.style ?? null, sent: input.sent, attempts: input.attempts };
  checkStyle(ascent);
  const checked = routeToLog(await ctx.gyms.route(input.routeId), session);
  if ('problem' in checked) throw invalidField('input.routeId', checked.problem);
  // A send may move the climber past others on the gym's leaderboard: they are told after the commit.
  const standings = input.sent ? await standingsBefore(ctx, [{ gymId: checked.route.gym.id, startTime: session.startTime }]) : null;
  const { row, items } = await ctx.db.transaction(async (tx) => {
    const count = await store.lockSessionClimbCount(tx, session.id);
    if (count === null) throw new NotFoundError('Session', session.id);
    if (count >= MAX_CLIMBS_PER_SESSION) throw invalidField('input.sessionId', sessionFullProblem);
    const [written] = await writeClimbs(tx, session.id, [{ ...ascent, route: checked.route, notes: input.notes, visibility: input.visibility ?? null }]);
    const climb = present(written, 'the logged climb');
    if (!climb.sent) return { row: climb, items: [] };
    // A send makes the climber's project on the route SENT, in this transaction, and may be news.
    const sentProjects = await syncProjectSends(tx, session.userId, [climb.routeId], ctx.loaders);
    return { row: climb, items: [...(await recordSend(tx, session.userId, climb)), ...(await recordProjectsSent(tx, session.userId, sentProjects))] };
  });
  announcer(ctx, items)();
  placesTaken(ctx, standings);
  announceLeaderboards(ctx, [session.gymId]);
  // The session's list of climbs changed too: it is read again when asked for.
  return primeAfterWrite(ctx.loaders.climbById, row, [[ctx.loaders.climbsBySessionId, session.id]]);
}

export async function updateClimb(ctx: Context, args: unknown): Promise<ClimbRow> {
  const { id, ...input } = parseInput(updateInput, args);
  const { climb, session } = await ownClimb(ctx, id);
  const changes: store.ClimbPatch = sentFields(input);
  if (isEmptyPatch(changes)) return climb;
  checkStyle({
    style: 'style' in changes ? (changes.style ?? null) : climb.style,
    sent: changes.sent ?? climb.sent,
    attempts: changes.attempts ?? climb.attempts,
  });
  // A climb made a send, or a send made a first try, may move the climber up the gym's leaderboard.
  const standings =
    (changes.sent ?? climb.sent) && ('sent' in changes || 'style' in changes) ? await standingsBefore(ctx, [{ gymId: climb.gymId, startTime: session.startTime }]) : null;
  // A climb made a send, or no longer one: the project on its route follows, in the same
  // transaction. Synced whenever `sent` is written, whatever `climb.sent` (read before, outside
  // the transaction) says: another request may have changed it since.
  const { row, items } =
    changes.sent === undefined
      ? { row: await store.updateClimb(ctx.db, climb.id, changes), items: [] }
      : await ctx.db.transaction(async (tx) => {
          const updated = await store.updateClimb(tx, climb.id, changes);
          if (!updated) return { row: null, items: [] };
          const sentProjects = await syncProjectSends(tx, session.userId, [updated.routeId], ctx.loaders);
          // A climb made a send may be news (once: a send keeps its item); one made no send is none.
          if (!updated.sent) await forgetSend(tx, updated.id);
          const news = updated.sent ? [...(await recordSend(tx, session.userId, updated)), ...(await recordProjectsSent(tx, session.userId, sentProjects))] : [];
          return { row: updated, items: news };
        });
  if (!row) throw new NotFoundError('Climb', id);
  announcer(ctx, items)();
  placesTaken(ctx, standings);
  announceLeaderboards(ctx, [session.gymId]);
  return primeAfterWrite(ctx.loaders.climbById, row, [[ctx.loaders.climbsBySessionId, row.sessionId]]);
}

export async function deleteClimb(ctx: Context, args: unknown): Promise<string> {
  const input = parseInput(deleteInput, args);
  const { climb, session } = await ownClimb(ctx, input.id);
  // Deleting a send reverts the project on its route to the next earliest send, or to not sent.
  // Whether it was a send is the deleted row's, not `climb.sent` (read before, outside the
  // transaction): another request may have made it one since.
  const deleted = await ctx.db.transaction(async (tx) => {
    const row = await store.deleteClimb(tx, climb.id);
    if (row?.sent) await syncProjectSends(tx, session.userId, [row.routeId], ctx.loaders);
    return row !== null;
  });
  if (!deleted) throw new NotFoundError('Climb', input.id);
  announceLeaderboards(ctx, [session.gymId]);
  ctx.loaders.climbById.clear(climb.id);
  ctx.loaders.climbsBySessionId.clear(climb.sessionId);
  return climb.id;
}
