import { type Connection, keysetConnection } from '@clmb/common';
import type { SessionRow } from '@clmb/drizzle/users';
import type { Loaders } from '../loaders';

/** A page of a user's sessions; `userId` lets `totalCount` be counted only when it is asked for. */
export interface SessionConnectionParent extends Connection<SessionRow> {
  userId: string;
}

/** Newest first by (startTime, id). */
export async function sessionConnection(
  loaders: Loaders,
  userId: string,
  args: { first?: number | null; after?: string | null },
): Promise<SessionConnectionParent> {
  return { ...(await keysetConnection(loaders.sessionPage, (session) => session.startTime, userId, args)), userId };
}
