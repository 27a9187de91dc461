import { type Connection, ForbiddenError, invalidField, keysetConnection, type PageInfo, parseAfter, parseInput, prime, requireViewer, toConnection, type PageArgs } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { Context } from '../context';
import { assertCanSee, relationTo } from '../privacy/privacy';
import { searchByUsernamePrefix } from './follow-store';
import type { Loaders } from '../loaders';
import type { FollowStatus } from './social';

// The fields following adds to User, and climber search. Writes are social.ts's.

type PageLoader = Loaders['followerPage'];

export interface FollowConnectionParent {
  edges: { cursor: string; node: UserRow; since: Date }[];
  pageInfo: PageInfo;
}

/** A page of a climber's list, newest first by (since, the other climber's id), with the climbers. */
async function followConnection(ctx: Context, pages: PageLoader, userId: string, args: PageArgs): Promise<FollowConnectionParent> {
  const page = await keysetConnection(pages, (link) => link.createdAt, userId, args);
  const climbers = await Promise.all(page.edges.map((edge) => ctx.loaders.userById.load(edge.node.id)));
  // A climber whose account went in the meantime is left out of the page rather than failing it.
  const edges = page.edges.flatMap((edge, i) => (climbers[i] ? [{ cursor: edge.cursor, node: climbers[i], since: edge.node.createdAt }] : []));
  return { edges, pageInfo: page.pageInfo };
}

/** Who follows the climber: as their account's visibility allows (FORBIDDEN otherwise). */
export async function followers(ctx: Context, user: UserRow, args: PageArgs): Promise<FollowConnectionParent> {
  await assertCanSee(ctx, user.id, 'followers');
  return followConnection(ctx, ctx.loaders.followerPage, user.id, args);
}

/** Whom the climber follows: as their account's visibility allows (FORBIDDEN otherwise). */
export async function following(ctx: Context, user: UserRow, args: PageArgs): Promise<FollowConnectionParent> {
  await assertCanSee(ctx, user.id, 'follows');
  return followConnection(ctx, ctx.loaders.followingPage, user.id, args);
}

function ownOnly(ctx: Context, user: UserRow, what: string): void {
  if (requireViewer(ctx.viewer).id !== user.id) throw new ForbiddenError(`You may only see your own ${what}.`);
}

/** The requests waiting for the climber: theirs only. */
export async function followRequests(ctx: Context, user: UserRow, args: PageArgs): Promise<FollowConnectionParent> {
  ownOnly(ctx, user, 'follow requests');
  return followConnection(ctx, ctx.loaders.followRequestPage, user.id, args);
}

/** The climbers the climber blocked: theirs only. */
export async function blockedUsers(ctx: Context, user: UserRow, args: PageArgs): Promise<FollowConnectionParent> {
  ownOnly(ctx, user, 'blocked climbers');
  return followConnection(ctx, ctx.loaders.blockPage, user.id, args);
}

/** Counts show to anyone a block does not stand between the climber and them (FORBIDDEN otherwise). */
async function counts(ctx: Context, user: UserRow) {
  if ((await relationTo(ctx, user.id)) === 'BLOCKED') throw new ForbiddenError("You may not see this climber's follows.");
  return await ctx.loaders.followCountsOf.load(user.id);
}

export const followerCount = async (ctx: Context, user: UserRow): Promise<number> => (await counts(ctx, user))?.followers ?? 0;
export const followingCount = async (ctx: Context, user: UserRow): Promise<number> => (await counts(ctx, user))?.following ?? 0;

/** The viewer's standing with another climber; null for themself or without a token. */
async function standing(ctx: Context, user: UserRow) {
  return ctx.viewer && ctx.viewer.id !== user.id ? await ctx.loaders.standingOf.load(user.id) : null;
}

/** BLOCKED only when the viewer blocked the climber: a block of the climber's never shows. */
export async function viewerFollowStatus(ctx: Context, user: UserRow): Promise<FollowStatus | null> {
  const row = await standing(ctx, user);
  if (!row) return null;
  if (row.blocking) return 'BLOCKED';
  if (row.following) return 'FOLLOWING';
  return row.requested ? 'REQUESTED' : 'NONE';
}

export const followsYou = async (ctx: Context, user: UserRow): Promise<boolean | null> => (await standing(ctx, user))?.followsViewer ?? null;

/** The most climbers a search page holds. */
export const MAX_SEARCH_PAGE = 50;

const searchQuery = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{2,32}$/, 'must be 2 to 32 letters, digits, _, - or . (the start of a username)');
const searchCursor = z.tuple([z.string().max(64)]);

/**
 * Active climbers whose username starts with `query`, case-insensitively, by username; none a
 * block stands between the viewer and. Keyset pages on the lower-case username (unique).
 */
export async function searchUsers(ctx: Context, args: { query: unknown } & PageArgs): Promise<Connection<UserRow>> {
  const viewer = requireViewer(ctx.viewer);
  const query = parseInput(searchQuery, args.query, 'query').toLowerCase();
  const size = args.first ?? 20;
  if (!Number.isInteger(size) || size < 0 || size > MAX_SEARCH_PAGE) throw invalidField('first', `must be between 0 and ${MAX_SEARCH_PAGE}`);
  const after = parseAfter(args.after, searchCursor);
  const rows = await searchByUsernamePrefix(ctx.db, viewer.id, query, size + 1, after?.[0] ?? null);
  for (const row of rows) prime(ctx.loaders.userById, row);
  return toConnection(rows, size, (row) => [row.username.toLowerCase()], after !== null);
}
