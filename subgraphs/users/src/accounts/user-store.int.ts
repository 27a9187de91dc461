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

  it('inserts a user whose email and username are free', async () => {
    const inserted = await insertUserUnlessTaken(database.db, { ...ada, email: 'bob@example.com', username: 'bob', googleId: null });
    expect(inserted).toMatchObject({ user: { email: 'bob@example.com', username: 'bob' }, taken: [] });
  });
});
