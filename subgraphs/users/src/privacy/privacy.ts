import { ForbiddenError } from '@clmb/common';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import { findViewersOf } from './relation-store';
import { effectiveVisibility, mayView, type Relation, type Visibility } from './rule';

/**
 * Every read of another climber's data asks here (docs/api.md, "Privacy"): the viewer's relation
 * to the owner, the owner's account visibility, and what the item (a session, a climb in it)
 * narrowed it to, through the one rule of rule.ts.
 */

/** The viewer's relation to a climber, and the climber's account visibility. */
export interface Audience {
  relation: Relation;
  visibility: Visibility;
}

/** Null when the climber has no account. */
async function audienceOf(ctx: Context, ownerId: string): Promise<Audience | null> {
  const row = await ctx.loaders.audienceOf.load(ownerId);
  if (!row?.visibility) return null;
  const { viewer } = ctx;
  let relation: Relation;
  if (!viewer) relation = 'ANONYMOUS';
  else if (viewer.id === ownerId) relation = 'SELF';
  else if (row.blocked) relation = 'BLOCKED';
  else if (viewer.role === 'ADMIN') relation = 'ADMIN';
  else relation = row.follows ? 'FOLLOWER' : 'STRANGER';
  return { relation, visibility: row.visibility };
}

/**
 * Which of these climbers may see the account of `ownerId` (what is not narrowed), by the one rule:
 * for telling them something that names the owner. One statement.
 */
export async function viewersWhoMaySee(db: UsersDb, ownerId: string, viewerIds: readonly string[]): Promise<Set<string>> {
  if (viewerIds.length === 0) return new Set();
  const rows = await findViewersOf(db, ownerId, viewerIds);
  const relation = (row: (typeof rows)[number]): Relation => {
    if (row.viewerId === ownerId) return 'SELF';
    if (row.blocked) return 'BLOCKED';
    if (row.viewerIsAdmin) return 'ADMIN';
    return row.follows ? 'FOLLOWER' : 'STRANGER';
  };
  return new Set(rows.filter((row) => mayView(relation(row), row.visibility)).map((row) => row.viewerId));
}

/** The viewer's relation to the climber; null when the climber has no account. The viewer's own data asks no database. */
export async function relationTo(ctx: Context, ownerId: string): Promise<Relation | null> {
  if (ctx.viewer?.id === ownerId) return 'SELF';
  return (await audienceOf(ctx, ownerId))?.relation ?? null;
}

/** Whether the viewer may see an item of `ownerId`'s that narrowed the account's visibility to `narrowedTo` (none: the account's own). */
export async function canSee(ctx: Context, ownerId: string, ...narrowedTo: (Visibility | null | undefined)[]): Promise<boolean> {
  if (ctx.viewer?.id === ownerId) return true;
  const audience = await audienceOf(ctx, ownerId);
  return audience !== null && mayView(audience.relation, effectiveVisibility(audience.visibility, ...narrowedTo));
}

/** As canSee, but FORBIDDEN naming `what` when the viewer may not. */
export async function assertCanSee(ctx: Context, ownerId: string, what: string, ...narrowedTo: (Visibility | null | undefined)[]): Promise<void> {
  if (!(await canSee(ctx, ownerId, ...narrowedTo))) throw new ForbiddenError(`You may not see this climber's ${what}.`);
}

const VISIBILITIES: readonly Visibility[] = ['PUBLIC', 'FOLLOWERS', 'PRIVATE'];

/**
 * For lists filtered in SQL (a page of sessions, stats): the narrowings of `ownerId`'s items the
 * viewer may see, so that an item is visible when its narrowing is null or one of these (the rule
 * only narrows, so an item is visible exactly when its account and its narrowing both are).
 * FORBIDDEN naming `what` when the viewer may not see the account at all. `self`: the viewer is
 * known to be the owner (a user who just logged in, before the request carries their token).
 */
export async function visibleNarrowings(ctx: Context, ownerId: string, what: string, self = false): Promise<Visibility[]> {
  if (self || ctx.viewer?.id === ownerId) return [...VISIBILITIES];
  const audience = await audienceOf(ctx, ownerId);
  if (!audience || !mayView(audience.relation, audience.visibility)) throw new ForbiddenError(`You may not see this climber's ${what}.`);
  return VISIBILITIES.filter((visibility) => mayView(audience.relation, visibility));
}

/** Whether `allowed` (from visibleNarrowings) leaves nothing out. */
export const allVisible = (allowed: readonly Visibility[]): boolean => allowed.length === VISIBILITIES.length;

/**
 * The items the viewer may see, and how many were left out: a list or count shown to someone
 * says "+N private" (`hidden`) rather than disagreeing silently with what they can see.
 */
export async function visibleItems<T>(
  ctx: Context,
  items: readonly T[],
  ownerOf: (item: T) => string,
  narrowedTo: (item: T) => (Visibility | null | undefined)[] = () => [],
): Promise<{ visible: T[]; hidden: number }> {
  const allowed = await Promise.all(items.map((item) => canSee(ctx, ownerOf(item), ...narrowedTo(item))));
  const visible = items.filter((_, i) => allowed[i]);
  return { visible, hidden: items.length - visible.length };
}
