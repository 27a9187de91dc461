import { DEMO_PASSWORD, demoAccounts } from '@clmb/common';
import { hashPassword } from './accounts/auth/passwords';
import { schema, type UsersDb } from './db';
import { countUsers } from './accounts/user-store';

/**
 * The demo accounts (DEMO_ACCOUNTS in @clmb/common) and their preferences, only into an empty
 * table and in one transaction, so a restart never seeds twice and a failure leaves nothing half-seeded. True when it seeded.
 */
export async function seedDemoData(db: UsersDb): Promise<boolean> {
  // Hashed before the transaction: argon2 is slow on purpose and should not hold it open.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    if ((await countUsers(tx)) > 0) return false;
    const users = await tx
      .insert(schema.users)
      // A demo climber on leaderboards has a PUBLIC account, so that anyone sees their entry (privacy).
      .values(
        demoAccounts().map(({ showOnLeaderboards, ...account }) => ({ ...account, passwordHash, emailVerified: true, ...(showOnLeaderboards && { visibility: 'PUBLIC' as const }) })),
      )
      .returning();
    const shown = new Set(demoAccounts().flatMap((account) => (account.showOnLeaderboards ? [account.email] : [])));
    await tx
      .insert(schema.preferences)
      .values(users.filter((user) => shown.has(user.email)).map((user) => ({ userId: user.id, showOnLeaderboards: true })));
    return true;
  });
}
