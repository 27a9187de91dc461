import type { Visibility } from '@clmb/drizzle/users';
import { sql } from 'drizzle-orm';
import { executeRows, schema, type UsersDb } from '../db';

const { users, follows, blocks } = schema;

/** What privacy needs to know of one climber, seen from one viewer. */
export interface AudienceRow {
  ownerId: string;
  /** The account's visibility. */
  visibility: Visibility;
  /** The viewer follows the owner (an accepted follow). */
  follows: boolean;
  /** A block between the two, either way round. */
  blocked: boolean;
}

/**
 * The viewer's standing with each of these climbers, in one statement whatever their number.
 * Climbers with no account (deleted) have no row.
 */
export async function findAudience(db: UsersDb, viewerId: string, ownerIds: readonly string[]): Promise<AudienceRow[]> {
  return await executeRows<AudienceRow>(
    db,
    sql`select ${users.id} as "ownerId", ${users.visibility} as "visibility",
          exists (select 1 from ${follows} where ${follows.followerId} = ${viewerId} and ${follows.followeeId} = ${users.id}) as "follows",
          exists (select 1 from ${blocks} where (${blocks.blockerId} = ${viewerId} and ${blocks.blockedId} = ${users.id})
                                         or (${blocks.blockerId} = ${users.id} and ${blocks.blockedId} = ${viewerId})) as "blocked"
        from ${users} where ${users.id} = any(${sql.param([...ownerIds])}::uuid[])`,
  );
}

/** The account visibility of each of these climbers (for a viewer without a token). */
export async function findVisibilities(db: UsersDb, ownerIds: readonly string[]): Promise<{ ownerId: string; visibility: Visibility }[]> {
  return await executeRows(db, sql`select ${users.id} as "ownerId", ${users.visibility} as "visibility" from ${users} where ${users.id} = any(${sql.param([...ownerIds])}::uuid[])`);
}

/**
 * Many viewers' standing with one climber, in one statement: for telling them of the climber's
 * doings (a notification names its actor). Viewers with no account have no row.
 */
export async function findViewersOf(db: UsersDb, ownerId: string, viewerIds: readonly string[]): Promise<(AudienceRow & { viewerId: string; viewerIsAdmin: boolean })[]> {
  return await executeRows(
    db,
    sql`select v.id as "viewerId", v.role = 'ADMIN' as "viewerIsAdmin", o.id as "ownerId", o.visibility as "visibility",
          exists (select 1 from ${follows} where ${follows.followerId} = v.id and ${follows.followeeId} = o.id) as "follows",
          exists (select 1 from ${blocks} where (${blocks.blockerId} = v.id and ${blocks.blockedId} = o.id)
                                         or (${blocks.blockerId} = o.id and ${blocks.blockedId} = v.id)) as "blocked"
        from ${users} o join ${users} v on v.id = any(${sql.param([...viewerIds])}::uuid[])
        where o.id = ${ownerId}`,
  );
}
