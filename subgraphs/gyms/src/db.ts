import type { Database } from '@clmb/common';
import * as schema from '@clmb/drizzle/gyms';

export { schema };
export type GymsDb = Database<typeof schema>;
