import type { Database } from '@clmb/common';
import * as schema from '@clmb/drizzle/users';
import type { SQL } from 'drizzle-orm';

export { schema };
export type UsersDb = Database<typeof schema>;

/**
 * The rows of a raw statement (`db.execute`), whichever driver runs it: PGlite answers
 * `{ rows }`, postgres-js the rows themselves. `R` is the caller's word for what the SQL selects.
 */
export async function executeRows<R>(db: UsersDb, query: SQL): Promise<R[]> {
  const result = await db.execute(query);
  return ((result as { rows?: unknown[] }).rows ?? (result as unknown[])) as R[];
}
