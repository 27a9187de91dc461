import { and, count, eq, gt, inArray, lt, min } from 'drizzle-orm';
import { advisoryXactLock } from '@clmb/common';
import { schema, type GymsDb } from '../db';

const { routeRenewVotes, renewVoteChanges } = schema;

/** How many renew votes each route has; routes without any are left out. */
export async function countVotesByRouteIds(db: GymsDb, routeIds: readonly string[]): Promise<{ routeId: string; count: number }[]> {
  return await db
    .select({ routeId: routeRenewVotes.routeId, count: count() })
    .from(routeRenewVotes)
    .where(inArray(routeRenewVotes.routeId, [...routeIds]))
    .groupBy(routeRenewVotes.routeId);
}

/** The routes among `routeIds` a user voted on. */
export async function findVotedRouteIds(db: GymsDb, userId: string, routeIds: readonly string[]): Promise<{ routeId: string }[]> {
  return await db
    .select({ routeId: routeRenewVotes.routeId })
    .from(routeRenewVotes)
    .where(and(eq(routeRenewVotes.userId, userId), inArray(routeRenewVotes.routeId, [...routeIds])));
}

/** Serialises one user's vote changes until the transaction ends, so counting and writing are one step. */
export async function lockVoter(tx: GymsDb, userId: string): Promise<void> {
  await advisoryXactLock(tx, 'renew-vote', userId);
}

/** A user's vote changes, as a rate limit counts them. */
export const VOTE_CHANGES_WRITTEN = { owner: renewVoteChanges.userId, time: renewVoteChanges.createdAt };

/** True when the vote is new. */
export async function insertVote(tx: GymsDb, routeId: string, userId: string): Promise<boolean> {
  const rows = await tx.insert(routeRenewVotes).values({ routeId, userId }).onConflictDoNothing().returning({ routeId: routeRenewVotes.routeId });
  return rows.length > 0;
}

/** True when there was a vote to delete. */
export async function deleteVote(tx: GymsDb, routeId: string, userId: string): Promise<boolean> {
  const rows = await tx
    .delete(routeRenewVotes)
    .where(and(eq(routeRenewVotes.routeId, routeId), eq(routeRenewVotes.userId, userId)))
    .returning({ routeId: routeRenewVotes.routeId });
  return rows.length > 0;
}

/** Records a change, and forgets the user's changes made before `forgetBefore`. */
export async function recordChange(tx: GymsDb, userId: string, routeId: string, forgetBefore: Date): Promise<void> {
  await tx.delete(renewVoteChanges).where(and(eq(renewVoteChanges.userId, userId), lt(renewVoteChanges.createdAt, forgetBefore)));
  await tx.insert(renewVoteChanges).values({ userId, routeId });
}
