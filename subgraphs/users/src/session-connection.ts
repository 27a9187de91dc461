import { type Connection, pageSize, parseAfter, toConnection } from '@clmb/common';
import type { SessionRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { Loaders } from './loaders';
import type { SessionCursor } from './session-store';

/** A page of a user's sessions; `userId` lets `totalCount` be counted only when it is asked for. */
export interface SessionConnectionParent extends Connection<SessionRow> {
  userId: string;
}

const cursorKey = z.tuple([z.iso.datetime(), z.uuid()]);

const keyOf = (session: SessionRow) => [session.startTime.toISOString(), session.id] as const;

function parseCursor(after: string | null | undefined): SessionCursor | null {
  const key = parseAfter(after, cursorKey);
  return key && { startTime: new Date(key[0]), id: key[1] };
}

/** Newest first by (startTime, id): a keyset, so pages stay stable while sessions are added. */
export async function sessionConnection(
  loaders: Loaders,
  userId: string,
  args: { first?: number | null; after?: string | null },
): Promise<SessionConnectionParent> {
  const size = pageSize(args.first);
  const after = parseCursor(args.after);
  const rows = await loaders.sessionPage.load({ parentId: userId, limit: size + 1, after });
  return { ...toConnection(rows, size, keyOf, after !== null), userId };
}
