import { errorCodes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountStack, ENDED, Q, SUBJECT, startAccountStack } from './account-stack';

let stack: AccountStack;

beforeAll(async () => {
  stack = await startAccountStack();
});
afterAll(() => stack?.stop());

const SQUATTER_PASSWORD = 'the squatter password';

/**
 * Someone signs up with the owner's address, logs in, asks to move the account to an address of
 * their own, and has the verification mail sent to the owner.
 */
async function squat(name: string) {
  const email = `${name}@example.com`;
  const since = stack.mail.received.length;
  const login = await stack.signUp(email, `squatter_${name}`, SQUATTER_PASSWORD);
  const verifyLink = await stack.mailedToken(email, SUBJECT.verify, since);
  const before = stack.mail.received.length;
  await stack.request(Q.changeEmail, { e: `${name}@squatter.example`, pw: SQUATTER_PASSWORD }, login.accessToken);
  const moveLink = await stack.mailedToken(`${name}@squatter.example`, SUBJECT.confirmNew, before);
  return { email, login, verifyLink, moveLink };
}

/** Nothing the squatter held still opens the account, and their pending move of its address is dead. */
async function expectSquatterOut(squatted: Awaited<ReturnType<typeof squat>>) {
  expect(await stack.loginEnded(squatted.email, SQUATTER_PASSWORD, squatted.login)).toEqual(ENDED);
  expect(errorCodes(await stack.request(Q.verify, { t: squatted.moveLink }))).toEqual(['BAD_USER_INPUT']);
}

describe('an account squatted with the owner’s address', () => {
  it('the owner opens the verification link: the squatter’s password and logins end, the owner sets a password', async () => {
    const squatted = await squat('vera');
    const verified = await stack.request(Q.verify, { t: squatted.verifyLink });
    expect(verified.data).toEqual({ verifyEmail: { id: squatted.login.id, email: null, emailVerified: true } });
    await expectSquatterOut(squatted);
    expect(errorCodes(await stack.resetPassword(squatted.email, 'the owner password'))).toEqual([]);
    const owner = (await stack.logIn(squatted.email, 'the owner password')).data?.logIn;
    expect((await stack.request(Q.me, {}, owner.accessToken)).data).toEqual({ me: { id: squatted.login.id, email: squatted.email, emailVerified: true } });
  });

  it('the owner resets the password: the squatter’s password, logins and pending move of the address end', async () => {
    const squatted = await squat('rosa');
    expect(errorCodes(await stack.resetPassword(squatted.email, 'the owner password'))).toEqual([]);
    await expectSquatterOut(squatted);
    expect(errorCodes(await stack.logIn(squatted.email, 'the owner password'))).toEqual([]);
  });

  it('the owner signs in with Google: the address is proven, and the squatter’s password and logins end', async () => {
    const squatted = await squat('gina');
    const idToken = await stack.google.idToken({ sub: 'google-gina', email: squatted.email, email_verified: true });
    const google = await stack.request(Q.google, { t: idToken });
    expect(google.data?.logInWithGoogle.user).toEqual({ id: squatted.login.id, email: squatted.email });
    await expectSquatterOut(squatted);
    expect((await stack.request(Q.me, {}, google.data?.logInWithGoogle.accessToken)).data).toEqual({
      me: { id: squatted.login.id, email: squatted.email, emailVerified: true },
    });
  });

  it('whoever signed up verifies the address from their own login: nothing ends', async () => {
    const since = stack.mail.received.length;
    const login = await stack.signUp('own@example.com', 'own', 'my own password');
    const link = await stack.mailedToken('own@example.com', SUBJECT.verify, since);
    expect((await stack.request(Q.verify, { t: link }, login.accessToken)).data).toEqual({
      verifyEmail: { id: login.id, email: 'own@example.com', emailVerified: true },
    });
    expect(errorCodes(await stack.request(Q.refresh, { t: login.refreshToken }))).toEqual([]);
    expect(errorCodes(await stack.logIn('own@example.com', 'my own password'))).toEqual([]);
  });
});
