import { and, asc, count, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { RouteTag } from '@clmb/drizzle/gyms';
import { advisoryXactLock, anyOf, preparedPerDatabase } from '@clmb/common';
import { schema, type GymsDb } from '../db';

const { routeTagVotes: votes } = schema;

/** How many climbers stand by a tag of a route. */
export interface TagTally {
  routeId: string;
  tag: RouteTag;
  count: number;
}

/** A climber's standing vote for a tag of a route. */
export interface StandingVote {
  routeId: string;
  tag: RouteTag;
}

const standing = isNull(votes.withdrawnAt);

const talliesByRouteIds = preparedPerDatabase((db: GymsDb) =>
  db
    .select({ routeId: votes.routeId, tag: votes.tag, count: count() })
    .from(votes)
    .where(and(anyOf(votes.routeId, 'ids'), standing))
    .groupBy(votes.routeId, votes.tag)
    .orderBy(asc(votes.routeId), desc(count()), asc(votes.tag))
    .prepare('tag_tallies_by_route_ids'),
);

/** The tallies of several routes' standing votes, each route's most voted first (then by tag). */
export async function findTagTallies(db: GymsDb, routeIds: readonly string[]): Promise<TagTally[]> {
  return await talliesByRouteIds(db).execute({ ids: routeIds });
}

/** One climber's standing votes on several routes, by route and tag (per route a unique-index range). */
export async function findStandingVotes(db: GymsDb, userId: string, routeIds: readonly string[]): Promise<StandingVote[]> {
  return await db
    .select({ routeId: votes.routeId, tag: votes.tag })
    .from(votes)
    .where(and(inArray(votes.routeId, [...routeIds]), eq(votes.userId, userId), standing))
    .orderBy(asc(votes.routeId), asc(votes.tag));
}

/** Takes the climber's vote lock for the rest of the transaction: their changes are counted and written one at a time. */
export async function lockVoter(tx: GymsDb, userId: string): Promise<void> {
  await advisoryXactLock(tx, 'tag-vote', userId);
}

/**
 * A climber's changes in the last `windowSeconds`: votes given and votes taken back, each one, and
 * when the oldest of them was made (null when none).
 */
export async function countRecentChanges(tx: GymsDb, userId: string, windowSeconds: number): Promise<{ changes: number; oldest: Date | null }> {
  const since = sql`now() - make_interval(secs => ${windowSeconds})`;
  const [row] = await tx
    .select({
      given: sql<number>`count(*) filter (where ${votes.createdAt} > ${since})`.mapWith(Number),
      withdrawn: sql<number>`count(*) filter (where ${votes.withdrawnAt} > ${since})`.mapWith(Number),
      oldest: sql<Date | null>`least(min(${votes.createdAt}) filter (where ${votes.createdAt} > ${since}), min(${votes.withdrawnAt}) filter (where ${votes.withdrawnAt} > ${since}))`.mapWith(
        (value: string | Date | null) => (value === null ? null : new Date(value)),
      ),
    })
    .from(votes)
    .where(and(eq(votes.userId, userId), or(gt(votes.createdAt, since), gt(votes.withdrawnAt, since))));
  return { changes: (row?.given ?? 0) + (row?.withdrawn ?? 0), oldest: row?.oldest ?? null };
}

/** Takes back a climber's standing votes for `tags` of a route. */
export async function withdrawVotes(tx: GymsDb, routeId: string, userId: string, tags: readonly RouteTag[]): Promise<void> {
  if (!tags.length) return;
  await tx
    .update(votes)
    .set({ withdrawnAt: sql`now()` })
    .where(and(eq(votes.routeId, routeId), eq(votes.userId, userId), inArray(votes.tag, [...tags]), standing));
}

/** Records a climber's votes for `tags` of a route. */
export async function insertVotes(tx: GymsDb, routeId: string, userId: string, tags: readonly RouteTag[]): Promise<void> {
  if (!tags.length) return;
  await tx.insert(votes).values(tags.map((tag) => ({ routeId, userId, tag })));
}

/** Deletes a climber's votes taken back more than `windowSeconds` ago: no count needs them any more. */
export async function pruneWithdrawnVotes(tx: GymsDb, userId: string, windowSeconds: number): Promise<void> {
  await tx.delete(votes).where(and(eq(votes.userId, userId), lt(votes.withdrawnAt, sql`now() - make_interval(secs => ${windowSeconds})`)));
}
