import { hashPassword } from './accounts/auth/passwords';
import { schema, type UsersDb } from './db';
import { countUsers } from './accounts/user-store';

const DEMO_PASSWORD = 'clmb-demo';

const DEMO_ACCOUNTS = [
  { email: 'admin@clmb.dev', username: 'admin', firstName: 'Ada', lastName: 'Admin', role: 'ADMIN' },
  { email: 'climber@clmb.dev', username: 'climber', firstName: 'Chris', lastName: 'Climber', role: 'CLIMBER' },
  // More climbers for the gyms' leaderboards (their sends are logged by `npm start`'s demo logbook).
  { email: 'mara@clmb.dev', username: 'mara', firstName: 'Mara', lastName: 'Moonboard', role: 'CLIMBER' },
  { email: 'yusuf@clmb.dev', username: 'yusuf', firstName: 'Yusuf', lastName: 'Yarder', role: 'CLIMBER' },
  { email: 'ines@clmb.dev', username: 'ines', firstName: 'Ines', lastName: 'Ironcrimp', role: 'CLIMBER' },
  // Climbers who rate the demo routes (`npm start`'s demo ratings).
  { email: 'sasha@clmb.dev', username: 'sasha', firstName: 'Sasha', lastName: 'Sloper', role: 'CLIMBER' },
  { email: 'noor@clmb.dev', username: 'noor', firstName: 'Noor', lastName: 'Nohands', role: 'CLIMBER' },
  { email: 'joey@clmb.dev', username: 'joey', firstName: 'Joey', lastName: 'Jugs', role: 'CLIMBER' },
] as const;

/** Who shows on gym leaderboards; ines keeps to herself (the default). */
const ON_LEADERBOARDS = ['climber', 'mara', 'yusuf'];

/**
 * The demo accounts (password `clmb-demo`) and their preferences, only into an empty table and in one transaction, so
 * a restart never seeds twice and a failure leaves nothing half-seeded. True when it seeded.
 */
export async function seedDemoData(db: UsersDb): Promise<boolean> {
  // Hashed before the transaction: argon2 is slow on purpose and should not hold it open.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    if ((await countUsers(tx)) > 0) return false;
    const users = await tx
      .insert(schema.users)
      .values(DEMO_ACCOUNTS.map((account) => ({ ...account, passwordHash, emailVerified: true })))
      .returning();
    await tx
      .insert(schema.preferences)
      .values(users.filter((user) => ON_LEADERBOARDS.includes(user.username)).map((user) => ({ userId: user.id, showOnLeaderboards: true })));
    return true;
  });
}
