import { topics } from '@clmb/common';
import type { NotificationKind, NotificationRow } from '@clmb/drizzle/users';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import { findAudience } from '../privacy/relation-store';
import { type MailedNotification, mailNotifications } from './notification-mail';
import { claimOnce, findRecipients, insertNotifications, type RecipientRow } from './notification-store';

/** What a write tells a climber of: the kind, who did it, and what it concerns (as that kind needs). */
export interface NotificationInput {
  recipientId: string;
  kind: NotificationKind;
  actorId?: string | null;
  sessionId?: string | null;
  climbId?: string | null;
  routeId?: string | null;
  gymId?: string | null;
  /** PROJECT_COMING_DOWN: when the route is planned to come down. */
  plannedStripAt?: Date | null;
  /**
   * Names an occasion the recipient is told of at most once, ever (until pruned after 90 days):
   * a second notify() with the same key for the same recipient records and mails nothing.
   */
  once?: string;
}

/** Runs once the write's transaction has committed: publishes what it announced. */
export type AfterCommit = () => void;

/** Whether the recipient wants `kind` in the app (on unless turned off) and by mail (off unless turned on). */
export const wantsInApp = (recipient: Pick<RecipientRow, 'muted'>, kind: NotificationKind) => !recipient.muted.includes(kind);
export const wantsMail = (recipient: Pick<RecipientRow, 'mailed'>, kind: NotificationKind) => recipient.mailed.includes(kind);

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
  return notifyAll(ctx, tx, [input]);
}

/**
 * notify() for many notifications at once, in a fixed number of statements whatever their number
 * (one more per distinct actor). Honours each recipient's preferences: a kind turned off in the
 * app records no row and publishes no event; a kind turned on by mail is mailed after the commit
 * to a verified address, within the notification mail caps. Disabled accounts are told nothing.
 */
export async function notifyAll(ctx: Context, tx: UsersDb, inputs: readonly NotificationInput[]): Promise<AfterCommit> {
  return (await recordNotifications(ctx, tx, inputs)).afterCommit;
}

/** notifyAll(), also answering the rows it recorded. */
export async function recordNotifications(
  ctx: Context,
  tx: UsersDb,
  inputs: readonly NotificationInput[],
): Promise<{ rows: NotificationRow[]; afterCommit: AfterCommit }> {
  const candidates = inputs.filter((input) => !input.actorId || input.actorId !== input.recipientId);
  if (candidates.length === 0) return { rows: [], afterCommit: () => {} };
  const blocked = await blockedPairs(tx, candidates);
  const recipients = new Map((await findRecipients(tx, [...new Set(candidates.map((input) => input.recipientId))])).map((row) => [row.id, row]));
  const wanted = candidates.filter((input) => {
    const recipient = recipients.get(input.recipientId);
    if (!recipient || recipient.disabled || blocked.has(pairKey(input))) return false;
    return wantsInApp(recipient, input.kind) || wantsMail(recipient, input.kind);
  });
  const claimed = new Set(
    (await claimOnce(tx, wanted.flatMap((input) => (input.once ? [{ recipientId: input.recipientId, key: input.once }] : [])))).map(
      (claim) => `${claim.recipientId}|${claim.key}`,
    ),
  );
  const going = wanted.filter((input) => !input.once || claimed.has(`${input.recipientId}|${input.once}`));
  const rows = await insertNotifications(
    tx,
    going
      .filter((input) => wantsInApp(recipients.get(input.recipientId)!, input.kind))
      .map(({ once: _once, ...values }) => values),
  );
  const mails: MailedNotification[] = going.flatMap((input) => {
    const recipient = recipients.get(input.recipientId)!;
    return wantsMail(recipient, input.kind) && recipient.emailVerified ? [{ ...input, to: recipient.email }] : [];
  });
  return { rows, afterCommit: () => announce(ctx, rows, mails) };
}

function announce(ctx: Context, rows: readonly NotificationRow[], mails: readonly MailedNotification[]): void {
  if (rows.length > 0) {
    ctx.events.publish(rows.map((row) => ({ topic: topics.notificationAdded(row.recipientId), entity: { __typename: 'Notification', id: row.id } })));
    ctx.pruneNotifications([...new Set(rows.map((row) => row.recipientId))]).catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not prune notifications'));
  }
  if (mails.length > 0) mailNotifications(ctx, mails).catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not mail notifications'));
}

const pairKey = (input: Pick<NotificationInput, 'actorId' | 'recipientId'>) => `${input.actorId}|${input.recipientId}`;

/** The (actor, recipient) pairs with a block between them either way round: privacy's relation store, one statement per actor. */
async function blockedPairs(tx: UsersDb, inputs: readonly NotificationInput[]): Promise<Set<string>> {
  const byActor = new Map<string, Set<string>>();
  for (const { actorId, recipientId } of inputs) if (actorId) byActor.set(actorId, (byActor.get(actorId) ?? new Set()).add(recipientId));
  const blocked = new Set<string>();
  for (const [actorId, recipientIds] of byActor) {
    for (const row of await findAudience(tx, actorId, [...recipientIds])) if (row.blocked) blocked.add(pairKey({ actorId, recipientId: row.ownerId }));
  }
  return blocked;
}
