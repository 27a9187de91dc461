import { hashPassword } from './auth/passwords';
import { schema, type UsersDb } from './db';
import { countUsers } from './user-store';

const DEMO_PASSWORD = 'clmb-demo';

const DEMO_ACCOUNTS = [
  { email: 'admin@clmb.dev', username: 'admin', firstName: 'Ada', lastName: 'Admin', role: 'ADMIN' },
  { email: 'climber@clmb.dev', username: 'climber', firstName: 'Chris', lastName: 'Climber', role: 'CLIMBER' },
] as const;

/**
 * The demo accounts (password `clmb-demo`), only into an empty table and in one transaction, so
 * a restart never seeds twice and a failure leaves nothing half-seeded. True when it seeded.
 */
export async function seedDemoData(db: UsersDb): Promise<boolean> {
  // Hashed before the transaction: argon2 is slow on purpose and should not hold it open.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    if ((await countUsers(tx)) > 0) return false;
    await tx.insert(schema.users).values(DEMO_ACCOUNTS.map((account) => ({ ...account, passwordHash, emailVerified: true })));
    return true;
  });
}
