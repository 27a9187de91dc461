import { createLogger, openDatabase } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { createTestDatabase } from '@clmb/testkit';
import { createRateLimiter } from './auth/rate-limit';
import { type Context, createContext, type Services } from './context';
import { schema, type UsersDb } from './db';

/** A fresh, migrated users database, for tests that call stores or modules directly. */
export async function openTestDatabase(label: string): Promise<{ db: UsersDb; close(): Promise<void> }> {
  const testDb = await createTestDatabase(label);
  const database = await openDatabase({ url: testDb.env['DATABASE_URL'], service: 'users', schema, migrationsFolder: migrationsFolder('users') });
  await database.migrate();
  return {
    db: database.db,
    close: async () => {
      await database.close();
      await testDb.drop();
    },
  };
}

const GENEROUS = { loginPerAccount: 1000, loginPerAddress: 1000, loginWindowSeconds: 60, signUpPerAddress: 1000, signUpWindowSeconds: 60 };

/**
 * One request's context over `db`, for calling a module directly: generous rate limits, a signer
 * that needs no keys, no Google and no pruning unless `services` says otherwise.
 */
export const testContext = (db: UsersDb, services: Partial<Services> = {}): Context =>
  createContext(
    {
      db,
      logger: createLogger('users', 'silent'),
      gyms: { gym: async () => null, route: async () => null },
      signAccessToken: async (user) => ({ token: `access-${user.id}`, expiresAt: new Date(Date.now() + 900_000) }),
      rateLimiter: createRateLimiter(db, GENEROUS, async () => {}),
      verifyGoogleIdToken: null,
      refreshTokenTtlDays: 30,
      pruneRefreshTokens: async () => {},
      ...services,
    },
    null,
    '127.0.0.1',
  );
