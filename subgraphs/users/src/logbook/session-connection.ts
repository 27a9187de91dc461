import { type Connection, keysetConnection, type PageArgs } from '@clmb/common';
import type { SessionRow, Visibility } from '@clmb/drizzle/users';
import type { Loaders } from '../loaders';

/**
 * A page of a user's sessions; `userId` and `allowed` let `totalCount` and `privateCount` be
 * counted only when they are asked for.
 */
export interface SessionConnectionParent extends Connection<SessionRow> {
  userId: string;
  /** The narrowings the viewer may see (privacy's visibleNarrowings). */
  allowed: readonly Visibility[];
}

/**
 * Newest first by (startTime, id), only sessions whose narrowing is null or `allowed`. `withClimbs`:
 * the page's climbs are read in the page's statement, for `Session.climbs` to find in its loader.
 */
export async function sessionConnection(
  loaders: Loaders,
  userId: string,
  args: PageArgs,
  allowed: readonly Visibility[],
  withClimbs: boolean,
): Promise<SessionConnectionParent> {
  const pages = withClimbs ? loaders.sessionPageWithClimbs : loaders.sessionPage;
  return { ...(await keysetConnection(pages, (session) => session.startTime, userId, args, allowed)), userId, allowed };
}

/** The user's sessions the page leaves out: narrowed to a visibility the viewer may not see. */
export async function privateCount(loaders: Loaders, connection: SessionConnectionParent): Promise<number> {
  const narrowed = await loaders.narrowedSessionCounts.load(connection.userId);
  return narrowed.filter((row) => !connection.allowed.includes(row.visibility)).reduce((sum, row) => sum + row.count, 0);
}
