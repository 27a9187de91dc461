import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test-service';
import { insertUser, insertUserUnlessTaken, type NewUser } from './user-store';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
const ada: NewUser = { email: 'ada@example.com', username: 'ada', passwordHash: null, role: 'CLIMBER', googleId: 'google-ada' };

beforeAll(async () => {
  database = await openTestDatabase('users_user_store');
  await insertUser(database.db, ada);
});
afterAll(() => database?.close());

/**
 * What a sign-up race looks like to the store: the email's unique index refuses the row, and by the
 * lookup no user holds the email (its owner changed address or left in between). A trigger stands
 * in for the other request, refusing the first `times` inserts of `email` as that index would; a
 * sequence counts them, since a refused insert rolls back anything else.
 */
async function refuseAsTaken(email: string, times: number): Promise<void> {
  const name = `refuse_${email.replace(/\W/g, '_')}`;
  await database.db.execute(sql.raw(`create sequence users.${name}`));
  await database.db.execute(
    sql.raw(`create function users.${name}() returns trigger language plpgsql as $$
      begin
        if new.email = '${email}' and nextval('users.${name}') <= ${times} then
          raise exception 'duplicate key value violates unique constraint "user_email_key"' using errcode = 'unique_violation', constraint = 'user_email_key';
        end if;
        return new;
      end $$`),
  );
  await database.db.execute(sql.raw(`create trigger ${name} before insert on users."user" for each row execute function users.${name}()`));
}

// signUp answers a taken email like a new one, so only the store can show which it saw.
describe('insertUserUnlessTaken', () => {
  it('answers that the email is taken, whatever its case', async () => {
    expect(await insertUserUnlessTaken(database.db, { ...ada, email: 'ADA@Example.com', username: 'ada2', googleId: null })).toEqual({ user: null, taken: ['email'] });
  });

  it('answers that the username is taken, and the email too when it is', async () => {
    const usernameOnly = await insertUserUnlessTaken(database.db, { ...ada, email: 'new@example.com', username: 'ADA', googleId: null });
    expect(usernameOnly).toEqual({ user: null, taken: ['username'] });
    const both = await insertUserUnlessTaken(database.db, { ...ada, email: 'Ada@example.com', username: 'Ada', googleId: null });
    expect(both).toEqual({ user: null, taken: ['email', 'username'] });
  });

  it('does not take another unique violation (a linked Google account) for a taken key', async () => {
    await expect(insertUserUnlessTaken(database.db, { ...ada, email: 'other@example.com', username: 'other' })).rejects.toMatchObject({
      message: 'input.googleIdToken: is already taken',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.googleIdToken' },
    });
  });

  it('tries again when the key that refused the insert is free by the lookup, and inserts the user', async () => {
    await refuseAsTaken('racer@example.com', 1);
    const inserted = await insertUserUnlessTaken(database.db, { ...ada, email: 'racer@example.com', username: 'racer', googleId: null });
    expect(inserted).toMatchObject({ user: { email: 'racer@example.com', username: 'racer' }, taken: [] });
  });

  it('throws rather than answer that nothing is taken when every attempt is refused by a key nobody holds', async () => {
    await refuseAsTaken('unlucky@example.com', 2);
    await expect(insertUserUnlessTaken(database.db, { ...ada, email: 'unlucky@example.com', username: 'unlucky', googleId: null })).rejects.toThrow(
      'insert into users.user refused 2 times by a key that no user held by the lookup',
    );
  });

  it('inserts a user whose email and username are free', async () => {
    const inserted = await insertUserUnlessTaken(database.db, { ...ada, email: 'bob@example.com', username: 'bob', googleId: null });
    expect(inserted).toMatchObject({ user: { email: 'bob@example.com', username: 'bob' }, taken: [] });
  });
});
