import { and, eq, isNull, sql } from 'drizzle-orm';
import type { UserRow, Visibility } from '@clmb/drizzle/users';
import { anyOf, mapPgErrors, pgError, preparedPerDatabase } from '@clmb/common';
import { schema, type UsersDb } from '../db';

const { users } = schema;

export type NewUser = typeof users.$inferInsert;

/** Emails and usernames are unique whatever their case (the unique indexes are on lower()). */
const lower = (column: typeof users.email | typeof users.username, value: string) => eq(sql`lower(${column})`, value.toLowerCase());

const usersByIds = preparedPerDatabase((db: UsersDb) => db.select().from(users).where(anyOf(users.id, 'ids')).prepare('users_by_ids'));

export async function findUsersByIds(db: UsersDb, ids: readonly string[]): Promise<UserRow[]> {
  return await usersByIds(db).execute({ ids });
}

/** The user's row, locked until the caller's transaction ends: a change decided on it cannot race another. */
export async function findUserForUpdate(db: UsersDb, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).for('update');
  return row ?? null;
}

/** Emails are stored lowercased, and the unique index is on lower(email) as well. */
export async function findUserByEmail(db: UsersDb, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(lower(users.email, email));
  return row ?? null;
}

/** The account with this username or email (any case), by the unique indexes on lower(username) and lower(email). */
export async function findUserByLogin(db: UsersDb, login: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(login.includes('@') ? lower(users.email, login) : lower(users.username, login));
  return row ?? null;
}

/** The unique indexes on lower(email) and lower(username) (drizzle/users/schema.ts). */
const EMAIL_KEY = 'user_email_key';
const USERNAME_KEY = 'user_username_key';

const constraintFields = { [USERNAME_KEY]: 'input.username', [EMAIL_KEY]: 'input.email', user_google_id_key: 'input.googleIdToken' };

/** A duplicate email or username (either case), or Google account, becomes BAD_USER_INPUT on its field. */
const mapInsertErrors = <T>(run: () => Promise<T>) => mapPgErrors(run, constraintFields, 'input.email');

async function insertUserRow(db: UsersDb, user: NewUser): Promise<UserRow> {
  const [row] = await db.insert(users).values(user).returning();
  if (!row) throw new Error('insert into users.user returned no row');
  return row;
}

export function insertUser(db: UsersDb, user: NewUser): Promise<UserRow> {
  return mapInsertErrors(() => insertUserRow(db, user));
}

/** The unique keys of a new user that sign-up tells apart. */
type UserKey = 'email' | 'username';

/** The new user, or null and which of its keys are taken (at least one). */
interface Insertion {
  user: UserRow | null;
  taken: UserKey[];
}

/** The new user, or null when the unique index of its email or username refuses it; any other failure is thrown. */
async function insertUnlessKeyTaken(db: UsersDb, user: NewUser): Promise<UserRow | null> {
  try {
    return await insertUserRow(db, user);
  } catch (error) {
    const { code, constraint } = pgError(error);
    if (code === '23505' && (constraint === EMAIL_KEY || constraint === USERNAME_KEY)) return null;
    throw error;
  }
}

// Postgres names only the first index a row violates, so both keys are looked up.
async function takenKeys(db: UsersDb, user: NewUser): Promise<UserKey[]> {
  const taken: UserKey[] = [];
  for (const key of ['email', 'username'] as const) {
    const [row] = await db.select({ id: users.id }).from(users).where(lower(users[key], user[key]));
    if (row) taken.push(key);
  }
  return taken;
}

// A key that refused the insert may be free by the lookup (its owner changed address or left in
// between): the insert is tried once more rather than answering that nothing is taken.
const INSERT_ATTEMPTS = 2;

/**
 * Inserts a user, or answers which of its keys (email, username; either case) are taken when
 * their unique index refuses the row. Refused each time by a key nobody holds by the lookup, it
 * throws (masked): never "not inserted, nothing taken". Any other failure is insertUser's.
 */
export function insertUserUnlessTaken(db: UsersDb, user: NewUser): Promise<Insertion> {
  return mapInsertErrors<Insertion>(async () => {
    for (let attempt = 1; attempt <= INSERT_ATTEMPTS; attempt++) {
      const row = await insertUnlessKeyTaken(db, user);
      if (row) return { user: row, taken: [] };
      const taken = await takenKeys(db, user);
      if (taken.length > 0) return { user: null, taken };
    }
    throw new Error(`insert into users.user refused ${INSERT_ATTEMPTS} times by a key that no user held by the lookup`);
  });
}

export async function findUserByGoogleId(db: UsersDb, googleId: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.googleId, googleId));
  return row ?? null;
}

/**
 * Links a Google account to a user that has none yet, and marks the address verified (Google
 * verified the same address); null when another request linked one first.
 */
export async function linkGoogleId(db: UsersDb, userId: string, googleId: string): Promise<UserRow | null> {
  const [row] = await db
    .update(users)
    .set({ googleId, emailVerified: true })
    .where(and(eq(users.id, userId), isNull(users.googleId)))
    .returning();
  return row ?? null;
}

/** Unlinks the user's Google account, if any: it no longer signs in to this user. */
export async function unlinkGoogleId(db: UsersDb, userId: string): Promise<void> {
  await db.update(users).set({ googleId: null }).where(eq(users.id, userId));
}

/**
 * Inserts a user unless the email, username or Google id is taken (any unique index): null then,
 * and the caller looks again, since a concurrent sign-in may have created the same account.
 */
export async function insertUserIfFree(db: UsersDb, user: NewUser): Promise<UserRow | null> {
  const [row] = await db.insert(users).values(user).onConflictDoNothing().returning();
  return row ?? null;
}

/** The hash only (null: no password any more); the caller revokes the user's refresh tokens in the same transaction. */
export async function setPasswordHash(db: UsersDb, userId: string, passwordHash: string | null): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export type UserPatch = Partial<Pick<NewUser, 'username' | 'firstName' | 'lastName'>>;

// The public profile as the patch leaves it: a field left out keeps its column.
const patchedProfile = (patch: UserPatch) =>
  sql.join(
    (['username', 'firstName', 'lastName'] as const).map((key) => (patch[key] === undefined ? users[key] : sql`${patch[key]}::varchar`)),
    sql`, `,
  );

/**
 * A taken username (either case) becomes BAD_USER_INPUT on it. The profile's own time moves only
 * when a value really changes, like modified_at (its trigger).
 */
export function updateUser(db: UsersDb, userId: string, patch: UserPatch): Promise<UserRow | null> {
  const changed = sql`(${users.username}, ${users.firstName}, ${users.lastName}) is distinct from (${patchedProfile(patch)})`;
  return mapPgErrors(async () => {
    const [row] = await db
      .update(users)
      .set({ ...patch, profileModifiedAt: sql`case when ${changed} then now() else ${users.profileModifiedAt} end` })
      .where(eq(users.id, userId))
      .returning();
    return row ?? null;
  }, constraintFields, 'input.username');
}

/** Sets who may see the user's data; the public profile's time does not move (see `User.updatedAt`). */
export async function setVisibility(db: UsersDb, userId: string, visibility: Visibility): Promise<UserRow | null> {
  const [row] = await db.update(users).set({ visibility }).where(eq(users.id, userId)).returning();
  return row ?? null;
}

/** Deletes the user; their sessions, climbs, logins and mailed tokens go with them (foreign keys cascade). */
export async function deleteUser(db: UsersDb, userId: string): Promise<void> {
  await db.delete(users).where(eq(users.id, userId));
}

/** The confirmed new address, verified; a taken one is BAD_USER_INPUT on the token that confirmed it. */
export function setVerifiedEmail(db: UsersDb, userId: string, email: string): Promise<UserRow | null> {
  return mapPgErrors(async () => {
    const [row] = await db.update(users).set({ email, emailVerified: true }).where(eq(users.id, userId)).returning();
    return row ?? null;
  }, { [EMAIL_KEY]: 'input.token' }, 'input.token');
}

/** Marks the address verified, if it is still the user's; null when the user has another address by now. */
export async function markEmailVerified(db: UsersDb, userId: string, email: string): Promise<UserRow | null> {
  const [row] = await db
    .update(users)
    .set({ emailVerified: true })
    .where(and(eq(users.id, userId), lower(users.email, email)))
    .returning();
  return row ?? null;
}

/** Revokes every access token issued so far (they carry a lower generation); returns the new generation. */
export async function raiseTokenGeneration(db: UsersDb, userId: string): Promise<number> {
  const [row] = await db
    .update(users)
    .set({ tokenGeneration: sql`${users.tokenGeneration} + 1` })
    .where(eq(users.id, userId))
    .returning({ generation: users.tokenGeneration });
  if (!row) throw new Error('user to revoke tokens of is missing');
  return row.generation;
}

export async function countUsers(db: UsersDb): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  return row?.count ?? 0;
}
