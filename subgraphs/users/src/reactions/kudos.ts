import { fields, invalidField, parseInput, present, requireViewer, TooManyRequestsError } from '@clmb/common';
import type { ClimbRow, KudosRow, SessionRow, UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import { hitBuckets } from '../accounts/auth/login-throttle-store';
import type { Context } from '../context';
import { notify } from '../notifications/notify';
import { canSee } from '../privacy/privacy';
import { type KudosSubject, deleteKudos, insertKudos } from './kudos-store';

/** At most this many kudos given or taken back per climber in a window of `KUDOS_WINDOW_SECONDS`. */
export const MAX_KUDOS_WRITES_PER_WINDOW = 60;
export const KUDOS_WINDOW_SECONDS = 600;

const kudosInput = z.object({ sessionId: fields.id.nullish(), climbId: fields.id.nullish() });

/** The one item the input names, and the field that named it: exactly one of sessionId and climbId. */
function subjectOf(input: z.infer<typeof kudosInput>): { subject: KudosSubject; field: string } {
  if (input.sessionId && input.climbId) throw invalidField('input.climbId', 'give either sessionId or climbId, not both');
  if (input.sessionId) return { subject: { sessionId: input.sessionId }, field: 'input.sessionId' };
  if (input.climbId) return { subject: { climbId: input.climbId }, field: 'input.climbId' };
  throw invalidField('input.sessionId', 'give a sessionId or a climbId');
}

/**
 * The session or climb a kudos is on, and its owner, if the viewer may see it (the owner's
 * account, narrowed by the session and the climb); the same error as for an unknown id
 * otherwise, so that ids tell nothing.
 */
async function visibleSubject(ctx: Context, subject: KudosSubject, field: string): Promise<{ ownerId: string; session: SessionRow; climb: ClimbRow | null }> {
  const climb = subject.climbId ? await ctx.loaders.climbById.load(subject.climbId) : null;
  const sessionId = subject.sessionId ?? climb?.sessionId;
  const session = sessionId ? await ctx.loaders.sessionById.load(sessionId) : null;
  const what = subject.sessionId ? 'session' : 'climb';
  if (!session || !(await canSee(ctx, session.userId, session.visibility, climb?.visibility))) throw invalidField(field, `no ${what} with this id`);
  return { ownerId: session.userId, session, climb };
}

/** Counts one kudos write of the climber's (given or taken back); TOO_MANY_REQUESTS past the window's limit. */
async function countWrite(ctx: Context, userId: string): Promise<void> {
  // Counted in Postgres, so every replica shares the limit (the log-in throttle's buckets).
  const [hit] = await hitBuckets(ctx.db, [{ key: `kudos:${userId}`, windowSeconds: KUDOS_WINDOW_SECONDS }]);
  if (hit && hit.count > MAX_KUDOS_WRITES_PER_WINDOW) throw new TooManyRequestsError(hit.retryAfterSeconds);
}

/**
 * Kudos on another climber's session or send; one each (twice: BAD_USER_INPUT naming the field).
 * Rate-limited; the owner is told once per giver and item, however often it is given again.
 */
export async function giveKudos(ctx: Context, args: unknown): Promise<KudosRow> {
  const viewer = requireViewer(ctx.viewer);
  const { subject, field } = subjectOf(parseInput(kudosInput, args));
  const { ownerId, session, climb } = await visibleSubject(ctx, subject, field);
  // As Strava: kudos are what others give you.
  if (ownerId === viewer.id) throw invalidField(field, 'kudos are for other climbers, not your own');
  if (climb && !climb.sent) throw invalidField(field, 'only a send takes kudos');
  await countWrite(ctx, viewer.id);
  const { row, announce } = await ctx.db.transaction(async (tx) => {
    const inserted = await insertKudos(tx, viewer.id, subject);
    if (!inserted) throw invalidField(field, 'you have already given kudos here');
    const after = await notify(ctx, tx, {
      recipientId: ownerId,
      kind: 'KUDOS',
      actorId: viewer.id,
      sessionId: session.id,
      climbId: climb?.id ?? null,
      once: `KUDOS:${viewer.id}:${subject.sessionId ?? subject.climbId}`,
    });
    return { row: inserted, announce: after };
  });
  announce();
  forget(ctx, subject);
  ctx.loaders.kudosById.prime(row.id, row);
  return row;
}

/** Takes the viewer's kudos back; returns its id (none given: BAD_USER_INPUT naming the field). */
export async function removeKudos(ctx: Context, args: unknown): Promise<string> {
  const viewer = requireViewer(ctx.viewer);
  const { subject, field } = subjectOf(parseInput(kudosInput, args));
  await countWrite(ctx, viewer.id);
  const id = await deleteKudos(ctx.db, viewer.id, subject);
  if (!id) throw invalidField(field, 'you have given no kudos here');
  forget(ctx, subject);
  return id;
}

/** After a write: the item's count and "have I" are read again when asked for. */
function forget(ctx: Context, subject: KudosSubject): void {
  if (subject.sessionId) {
    ctx.loaders.kudosCountBySessionId.clear(subject.sessionId);
    ctx.loaders.viewerKudoedSession.clear(subject.sessionId);
  } else {
    ctx.loaders.kudosCountByClimbId.clear(subject.climbId!);
    ctx.loaders.viewerKudoedClimb.clear(subject.climbId!);
  }
}

export const sessionKudosCount = (ctx: Context, session: SessionRow) => ctx.loaders.kudosCountBySessionId.load(session.id);
export const sessionViewerHasKudoed = (ctx: Context, session: SessionRow) => ctx.loaders.viewerKudoedSession.load(session.id);
export const climbKudosCount = (ctx: Context, climb: ClimbRow) => ctx.loaders.kudosCountByClimbId.load(climb.id);
export const climbViewerHasKudoed = (ctx: Context, climb: ClimbRow) => ctx.loaders.viewerKudoedClimb.load(climb.id);

export const kudosGiver = async (ctx: Context, kudos: KudosRow): Promise<UserRow> =>
  present(await ctx.loaders.userById.load(kudos.giverId), `user ${kudos.giverId} of kudos ${kudos.id}`);
export const kudosSession = (ctx: Context, kudos: KudosRow) => (kudos.sessionId ? ctx.loaders.sessionById.load(kudos.sessionId) : null);
export const kudosClimb = (ctx: Context, kudos: KudosRow) => (kudos.climbId ? ctx.loaders.climbById.load(kudos.climbId) : null);
