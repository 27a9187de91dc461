import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalEventBus, createLogger, openDatabase } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { loadConfig as loadGymsConfig } from '@clmb/gyms/config';
import { startService as startGyms } from '@clmb/gyms/service';
import { builders, createTestDatabase, freePort, generateSigningKeys, type SigningKeys, startServiceUnderTest } from '@clmb/testkit';
import { createLoginThrottle } from './accounts/auth/login-throttle';
import { createRefreshSuccessor } from './accounts/auth/tokens';
import { createGradeSystemCache } from './gyms-client/grade-system-cache';
import { loadConfig } from './config';
import { type Context, createContext, type Services } from './context';
import { schema, type UsersDb } from './db';
import { startService } from './service';

// Without SMTP_URL mail goes to an outbox: in tests, never into the repository's .data/.
const TEST_OUTBOX = join(tmpdir(), 'clmb-test-outbox');

/** The users service over HTTP on a fresh database; `keys` are shared with a gyms service, if any. */
export const startUsersUnderTest = (label: string, env: Record<string, string> = {}, keys?: SigningKeys) =>
  startServiceUnderTest(label, (config, onQuery) => startService(loadConfig(config), { onQuery }), { env: { MAIL_OUTBOX_DIR: TEST_OUTBOX, ...env }, keys });

/**
 * The real gyms service (its own database) that the users service checks gyms and routes
 * against: two open gyms, an archived one, a route at each open gym and a stripped one, and a
 * grade of their system for a route a test sets itself.
 */
async function startGymsWithFixtures(keys: SigningKeys, env: Record<string, string> = {}) {
  const gyms = await startServiceUnderTest('users_gyms', (config, onQuery) => startGyms(loadGymsConfig(config), { onQuery }), { keys, env });
  const build = builders(gyms.gql);
  const admin = await gyms.token('ADMIN');
  const system = await build.gradeSystem(admin);
  const gradeId = system.grades[0]!.id;
  const gym = async () => (await build.gym(admin, { gradeSystemId: system.id })).id;
  const route = async (gymId: string) => (await build.route(admin, { gymId, gradeId })).id;
  const [gymId, otherGymId, archivedGymId] = [await gym(), await gym(), await gym()];
  await build.archiveGym(admin, archivedGymId);
  const [routeId, otherGymRouteId, strippedRouteId] = [await route(gymId), await route(otherGymId), await route(gymId)];
  await build.stripRoute(admin, strippedRouteId);
  return Object.assign(gyms, { fixtures: { gymId, otherGymId, archivedGymId, routeId, otherGymRouteId, strippedRouteId, gradeId } });
}

export type GymFixtures = Awaited<ReturnType<typeof startGymsWithFixtures>>['fixtures'];

/**
 * The users service checking gyms and routes against a real gyms service with fixtures; `stop`
 * stops both. With `gymsCallsUsers`, gyms is told where users listens (USERS_URL), as in
 * production, for what gyms tells users (routes coming down).
 */
export async function startUsersWithGyms(label: string, env: Record<string, string> = {}, options: { gymsCallsUsers?: boolean } = {}) {
  const keys = await generateSigningKeys();
  const usersPort = options.gymsCallsUsers ? String(await freePort()) : '0';
  const gyms = await startGymsWithFixtures(keys, options.gymsCallsUsers ? { USERS_URL: `http://127.0.0.1:${usersPort}/graphql` } : {});
  const users = await startUsersUnderTest(label, { ...env, GYMS_URL: gyms.url, PORT: usersPort }, keys).catch(async (error: unknown) => {
    await gyms.stop();
    throw error;
  });
  const stopUsers = users.stop;
  return Object.assign(users, {
    gyms,
    stop: async () => {
      await stopUsers();
      await gyms.stop();
    },
  });
}

export type UsersWithGyms = Awaited<ReturnType<typeof startUsersWithGyms>>;

/** A fresh, migrated users database, for tests that call stores or modules directly; `onQuery` sees each statement sent. */
export async function openTestDatabase(label: string, onQuery?: (query: string, params: unknown[]) => void): Promise<{ db: UsersDb; close(): Promise<void> }> {
  const testDb = await createTestDatabase(label);
  const database = await openDatabase({ url: testDb.env['DATABASE_URL'], service: 'users', schema, migrationsFolder: migrationsFolder('users'), onQuery });
  await database.migrate();
  return {
    db: database.db,
    close: async () => {
      await database.close();
      await testDb.drop();
    },
  };
}

const GENEROUS = { loginFailuresBeforeDelay: 1000, loginFailuresPerAccount: 1000, loginPerAddress: 1000, loginWindowSeconds: 60, signUpPerAddress: 1000, signUpWindowSeconds: 60 };

/**
 * One request's context over `db`, for calling a module directly: a generous log-in throttle, a signer
 * that needs no keys, no Google and no pruning unless `services` says otherwise.
 */
export const testContext = (db: UsersDb, services: Partial<Services> = {}): Context =>
  createContext(
    {
      db,
      logger: createLogger('users', 'silent'),
      gymsFor: () => ({
        gym: async () => null,
        route: async () => null,
        routes: async (ids) => ids.map(() => null),
        routePlans: async (ids) => ids.map(() => null),
        grades: async (ids) => ids.map(() => null),
        gyms: async (keys) => keys.map(() => null),
        gradeSystems: async () => [],
        isStaff: async () => false,
        adoptLegacySetters: async () => 0,
      }),
      gradeSystems: createGradeSystemCache({ gradeSystems: async () => [] }),
      events: createLocalEventBus(),
      pruneNotifications: async () => {},
      signAccessToken: async (user) => ({ token: `access-${user.id}`, expiresAt: new Date(Date.now() + 900_000) }),
      loginThrottle: createLoginThrottle(db, GENEROUS, async () => {}),
      verifyGoogleIdToken: null,
      sendMail: () => {},
      appUrl: 'https://app.example',
      accessTokenTtlSeconds: 900,
      refreshTokenTtlDays: 30,
      refreshFamilyLifetimeDays: 90,
      refreshGraceSeconds: 10,
      refreshSuccessor: createRefreshSuccessor('test key'),
      revocations: { isRevoked: () => false, note: () => {}, noteDevice: () => {}, refresh: async () => {}, stop: () => {} },
      pruneLogins: async () => {},
      ...services,
    },
    null,
    '127.0.0.1',
  );
