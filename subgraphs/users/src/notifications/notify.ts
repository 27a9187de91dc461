import { topics } from '@clmb/common';
import type { NotificationKind } from '@clmb/drizzle/users';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import { relationTo } from '../privacy/privacy';
import { insertNotification } from './notification-store';

/** What a write tells a climber of: the kind, who did it, and what it concerns (as that kind needs). */
export interface NotificationInput {
  recipientId: string;
  kind: NotificationKind;
  actorId?: string | null;
  sessionId?: string | null;
  climbId?: string | null;
  routeId?: string | null;
  gymId?: string | null;
}

/** Runs once the write's transaction has committed: publishes what it announced. */
export type AfterCommit = () => void;

const nothing: AfterCommit = () => {};

/**
 * Records a notification inside the write's transaction `tx`, and answers what to do once that
 * commits (the subscription event; never before the commit, so nobody is told of a write that
 * rolled back). Nothing is recorded for a climber's own act, nor between climbers who blocked
 * each other (privacy's rule).
 *
 *   const announce = await db.transaction(async (tx) => { ...; return notify(ctx, tx, {...}); });
 *   announce();
 */
export async function notify(ctx: Context, tx: UsersDb, input: NotificationInput): Promise<AfterCommit> {
  if (input.actorId === input.recipientId) return nothing;
  // The actor is the request's viewer (a kudos, a follow), or nobody (a gym's strip plan).
  if (input.actorId && input.actorId === ctx.viewer?.id && (await relationTo(ctx, input.recipientId)) === 'BLOCKED') return nothing;
  const row = await insertNotification(tx, input);
  return () => ctx.events.publish([{ topic: topics.notificationAdded(row.recipientId), entity: { __typename: 'Notification', id: row.id } }]);
}
