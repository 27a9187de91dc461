import type { Database } from '@clmb/common';
import * as tables from '@clmb/drizzle/gyms';

export { tables };
export type GymsDb = Database<typeof tables>;
