import { fields, loadReference, mayBeSelected, prime, type Role, selectionsOf, roleOf, parseId, parseInput, requireViewer, UnauthenticatedError, type Viewer, type PageArgs } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { type SessionConnectionParent, sessionConnection } from '../logbook/session-connection';
import { canSee, relationTo, visibleNarrowings } from '../privacy/privacy';
import { findUserByLogin } from './user-store';

/** The viewer as far as `user`'s own fields are concerned: whoever just logged in as them is them. */
export const viewerOf = (ctx: Context, user: UserRow): Viewer | null => (ctx.authenticated.has(user) ? { id: user.id, role: roleOf(user.role) } : ctx.viewer);

/** The viewer's own row, for a change to their account: UNAUTHENTICATED without a viewer or once the account is gone. */
export async function viewerRow(ctx: Context): Promise<UserRow> {
  const user = await ctx.loaders.userById.load(requireViewer(ctx.viewer).id);
  if (!user) throw new UnauthenticatedError('Your account no longer exists.');
  return user;
}

const CLIMBS = ['edges', 'node', 'climbs'];

/** A page of `userId`'s sessions as `User.sessions` reads it; `self`: the viewer is known to be them. */
async function sessionPage(ctx: Context, userId: string, self: boolean, args: PageArgs, withClimbs: boolean): Promise<SessionConnectionParent> {
  // Anonymous readers never see a logbook (Session is @authenticated at the router too).
  if (!self) requireViewer(ctx.viewer);
  const allowed = await visibleNarrowings(ctx, userId, 'sessions', self);
  return sessionConnection(ctx.loaders, userId, args, allowed, withClimbs);
}

/**
 * The viewer's row, null without a viewer or once the account is gone. The pages of their sessions
 * the operation asks for below are read here (`User.sessions` then finds them read: the same
 * loads, the same keys), and a page that holds a session reads the row along (`pageOwners`): the
 * logbook is one statement. Without such a page (none asked for, or an empty one) the row is read
 * on its own. For an account gone, a page is read and never answered.
 */
export async function me(ctx: Context, info: GraphQLResolveInfo): Promise<UserRow | null> {
  if (!ctx.viewer) return null;
  const { id } = ctx.viewer;
  // GraphQL coerced the arguments to the field's; what is wrong with them is User.sessions' to report.
  const pages = selectionsOf(info, 'User', 'sessions').map((selection) => sessionPage(ctx, id, true, selection.args as PageArgs, selection.mayBeSelected(CLIMBS)));
  if (pages.length === 0) return await ctx.loaders.userById.load(id);
  await Promise.allSettled(pages);
  const owner = ctx.loaders.pageOwners.get(id);
  return owner ? prime(ctx.loaders.userById, owner) : await ctx.loaders.userById.load(id);
}

/** Null for a climber blocked either way round: a block hides both from each other. */
export async function user(ctx: Context, args: { id: string }): Promise<UserRow | null> {
  const row = await ctx.loaders.userById.load(parseId(args.id));
  return row && (await relationTo(ctx, row.id)) === 'BLOCKED' ? null : row;
}

/**
 * A User other types name (a setter, a gym's staff member, a report's reporter): never null for a
 * block, because gyms holds non-null User fields a block must not break (a staff list, a report);
 * a blocked viewer gets what no rule hides (id, username, role, times, visibility) and no more.
 */
export const userReference = (ctx: Context, reference: { id?: unknown }): Promise<UserRow | null> | null => loadReference(ctx.loaders.userById, reference);

/** Whether the viewer is `user` (also one who just logged in as them, see viewerOf). */
const isSelf = (ctx: Context, user: UserRow): boolean => viewerOf(ctx, user)?.id === user.id;

/** A profile detail (first and last name): null for a viewer who may not see the account. */
export async function detail<K extends 'firstName' | 'lastName'>(ctx: Context, user: UserRow, field: K): Promise<UserRow[K] | null> {
  return isSelf(ctx, user) || (await canSee(ctx, user.id)) ? user[field] : null;
}

/** An account still stored as the retired SETTER (before the hand-over to gyms' staff) is a CLIMBER. */
export const role = (user: UserRow): Role => roleOf(user.role);

export const email = (ctx: Context, user: UserRow): string | null => (viewerOf(ctx, user)?.id === user.id ? user.email : null);

/**
 * The sessions the viewer may see: FORBIDDEN when they may not see the account at all. A page
 * whose climbs the operation may ask for is read with them, in one statement (the logbook).
 */
export const sessions = (ctx: Context, user: UserRow, args: PageArgs, info: GraphQLResolveInfo): Promise<SessionConnectionParent> =>
  sessionPage(ctx, user.id, isSelf(ctx, user), args, mayBeSelected(info, CLIMBS));

/**
 * Internal (`_userIdByLogin`, for the gyms service's staff): the account a username or email
 * belongs to; none for a disabled account, nor (with `verifiedEmail`) for an email its holder has
 * not verified. The gyms service decides who may look up an email.
 */
export async function userIdByLogin(ctx: Context, args: { login: unknown; verifiedEmail?: boolean | null }): Promise<string | null> {
  const value = parseInput(fields.login, args.login, 'login');
  const row = await findUserByLogin(ctx.db, value);
  if (!row || row.disabledAt) return null;
  return args.verifiedEmail && value.includes('@') && !row.emailVerified ? null : row.id;
}
