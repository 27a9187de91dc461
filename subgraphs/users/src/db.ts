import type { Database } from '@clmb/common';
import * as schema from '@clmb/drizzle/users';

export { executeRows } from '@clmb/common';
export { schema };
export type UsersDb = Database<typeof schema>;
