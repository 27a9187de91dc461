import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test-service';
import { insertUser, insertUserUnlessEmailTaken, type NewUser } from './user-store';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
const ada: NewUser = { email: 'ada@example.com', username: 'ada', passwordHash: null, role: 'CLIMBER', googleId: 'google-ada' };

beforeAll(async () => {
  database = await openTestDatabase('users_user_store');
  await insertUser(database.db, ada);
});
afterAll(() => database?.close());

// signUp answers a taken email like a new one, so only the store can show which it saw.
describe('insertUserUnlessEmailTaken', () => {
  it('answers null for a taken email, whatever its case', async () => {
    expect(await insertUserUnlessEmailTaken(database.db, { ...ada, email: 'ADA@Example.com', username: 'ada2', googleId: null })).toBeNull();
  });

  it('refuses a taken username, whether or not the email is taken too', async () => {
    const usernameOnly = insertUserUnlessEmailTaken(database.db, { ...ada, email: 'new@example.com', username: 'ADA', googleId: null });
    await expect(usernameOnly).rejects.toMatchObject({ message: 'input.username: is already taken', extensions: { code: 'BAD_USER_INPUT', field: 'input.username' } });
    const both = insertUserUnlessEmailTaken(database.db, { ...ada, email: 'Ada@example.com', username: 'Ada', googleId: null });
    await expect(both).rejects.toMatchObject({ message: 'input.username: is already taken', extensions: { code: 'BAD_USER_INPUT', field: 'input.username' } });
  });

  it('does not take another unique violation (a linked Google account) for a taken email', async () => {
    await expect(insertUserUnlessEmailTaken(database.db, { ...ada, email: 'other@example.com', username: 'other' })).rejects.toMatchObject({
      message: 'input.googleIdToken: is already taken',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.googleIdToken' },
    });
  });

  it('inserts a user whose email and username are free', async () => {
    expect(await insertUserUnlessEmailTaken(database.db, { ...ada, email: 'bob@example.com', username: 'bob', googleId: null })).toMatchObject({ email: 'bob@example.com', username: 'bob' });
  });
});
