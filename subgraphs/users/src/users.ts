import { parseId, referenceId, type Viewer } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import { assertAccess } from './access';
import type { Context } from './context';
import { formatDuration } from './duration';
import { type SessionConnectionParent, sessionConnection } from './session-connection';

export interface UserStats {
  sessionCount: number;
  climbCount: number;
  sendCount: number;
  totalDuration: string;
}

/** The viewer as far as `user`'s own fields are concerned: whoever just logged in as them is them. */
const viewerOf = (ctx: Context, user: UserRow): Viewer | null => (ctx.authenticated.has(user) ? { id: user.id, role: user.role } : ctx.viewer);

export const me = (ctx: Context): Promise<UserRow | null> | null => (ctx.viewer ? ctx.loaders.userById.load(ctx.viewer.id) : null);

export const user = (ctx: Context, args: { id: string }): Promise<UserRow | null> => ctx.loaders.userById.load(parseId(args.id));

/** A malformed id never reaches SQL (it would fail the whole batch): it resolves to null. */
export function userReference(ctx: Context, ref: { id: unknown }): Promise<UserRow | null> | null {
  const id = referenceId(ref.id);
  return id ? ctx.loaders.userById.load(id) : null;
}

export const email = (ctx: Context, user: UserRow): string | null => (viewerOf(ctx, user)?.id === user.id ? user.email : null);

export function sessions(ctx: Context, user: UserRow, args: { first?: number | null; after?: string | null }): Promise<SessionConnectionParent> {
  assertAccess(viewerOf(ctx, user), user.id, 'sessions');
  return sessionConnection(ctx.loaders, user.id, args);
}

export async function stats(ctx: Context, user: UserRow): Promise<UserStats> {
  assertAccess(viewerOf(ctx, user), user.id, 'stats');
  const row = await ctx.loaders.statsByUserId.load(user.id);
  return {
    sessionCount: row?.sessionCount ?? 0,
    climbCount: row?.climbCount ?? 0,
    sendCount: row?.sendCount ?? 0,
    totalDuration: formatDuration(Number(row?.durationMs ?? 0)),
  };
}

/** Counted only when asked for, from the same batched aggregate as `stats`. */
export const sessionCount = async (ctx: Context, userId: string): Promise<number> =>
  (await ctx.loaders.statsByUserId.load(userId))?.sessionCount ?? 0;
