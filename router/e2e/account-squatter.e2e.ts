import { errorCodes, LOG_IN, testDatabaseUrl } from '@clmb/testkit';
import { type MailCatcher, startMailCatcher } from '@clmb/users/test-mail';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountStack, ENDED, Q, SUBJECT, startAccountStack } from './account-stack';
import { startSupergraph } from './supergraph';

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

describe('an account moved to the owner’s address by someone signed in with Google', () => {
  it('the owner confirms the move: the mover’s Google sign-in no longer opens it, the owner’s does', async () => {
    const since = stack.mail.received.length;
    const mover = await stack.signUp('mover@example.com', 'mover', SQUATTER_PASSWORD);
    const own = await stack.mailedToken('mover@example.com', SUBJECT.verify, since);
    expect(errorCodes(await stack.request(Q.verify, { t: own }, mover.accessToken))).toEqual([]);
    const moverGoogle = await stack.google.idToken({ sub: 'google-mover', email: 'mover@example.com', email_verified: true });
    expect((await stack.request(Q.google, { t: moverGoogle })).data?.logInWithGoogle.user.id).toBe(mover.id);
    const before = stack.mail.received.length;
    await stack.request(Q.changeEmail, { e: 'olga@example.com', pw: SQUATTER_PASSWORD }, mover.accessToken);
    const move = await stack.mailedToken('olga@example.com', SUBJECT.confirmNew, before);
    expect((await stack.request(Q.verify, { t: move })).data?.verifyEmail).toEqual({ id: mover.id, email: null, emailVerified: true });
    const again = await stack.request(Q.google, { t: moverGoogle });
    expect(errorCodes(again)).toEqual([]);
    expect(again.data?.logInWithGoogle.user.id).not.toBe(mover.id);
    const ownerGoogle = await stack.google.idToken({ sub: 'google-olga', email: 'olga@example.com', email_verified: true });
    const owner = await stack.request(Q.google, { t: ownerGoogle });
    expect([errorCodes(owner), owner.data?.logInWithGoogle.user]).toEqual([[], { id: mover.id, email: 'olga@example.com' }]);
  });
});

describe('a Google link on an address no one proved', () => {
  // No mutation links Google to an unproven address today; the state is set in the database so
  // that a reset by the mailbox's owner is shown to end such a link whatever set it up.
  it.skipIf(!testDatabaseUrl())('ends with the reset by the owner of the address', async () => {
    const login = await stack.signUp('pia@example.com', 'squatter_pia', SQUATTER_PASSWORD);
    const direct = postgres(stack.sg.databases.users.env['DATABASE_URL']!, { max: 1, onnotice: () => {} });
    try {
      await direct`update users."user" set google_id = 'google-squatter-pia' where id = ${login.id}`;
    } finally {
      await direct.end();
    }
    expect(errorCodes(await stack.resetPassword('pia@example.com', 'the owner password'))).toEqual([]);
    const idToken = await stack.google.idToken({ sub: 'google-squatter-pia', email: 'pia@squatter.example', email_verified: true });
    const squatter = await stack.request(Q.google, { t: idToken });
    expect(errorCodes(squatter)).toEqual([]);
    expect(squatter.data?.logInWithGoogle.user.id).not.toBe(login.id);
  });
});

const VERIFY_WITH_PASSWORD = /* GraphQL */ `mutation VerifyWithPassword($t: String!, $pw: String) {
  verifyEmail(input: { token: $t, password: $pw }) { id email emailVerified }
}`;

describe('a verification link opened where the account is not logged in, with its password', () => {
  /** Signs up and logs in (as on a laptop); the verification link is opened elsewhere (a phone). */
  async function signUpElsewhere(name: string) {
    const since = stack.mail.received.length;
    const login = await stack.signUp(`${name}@example.com`, name, 'my own password');
    return { login, email: `${name}@example.com`, link: await stack.mailedToken(`${name}@example.com`, SUBJECT.verify, since) };
  }

  it('the right password: verified, and the password and every login still work', async () => {
    const { login, email, link } = await signUpElsewhere('phone');
    expect((await stack.request(VERIFY_WITH_PASSWORD, { t: link, pw: 'my own password' })).data).toEqual({
      verifyEmail: { id: login.id, email: null, emailVerified: true },
    });
    expect(errorCodes(await stack.request(Q.refresh, { t: login.refreshToken }))).toEqual([]);
    expect(errorCodes(await stack.logIn(email, 'my own password'))).toEqual([]);
  });

  it('a wrong password: BAD_USER_INPUT on it, the link still works and nothing ends', async () => {
    const { login, email, link } = await signUpElsewhere('typo');
    const wrong = await stack.request(VERIFY_WITH_PASSWORD, { t: link, pw: 'not my password' });
    expect([wrong.data, wrong.errors?.map((e) => e.extensions)]).toEqual([null, [expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.password' })]]);
    expect((await stack.request(Q.me, {}, login.accessToken)).data).toEqual({ me: { id: login.id, email, emailVerified: false } });
    expect(errorCodes(await stack.request(Q.refresh, { t: login.refreshToken }))).toEqual([]);
    expect((await stack.request(VERIFY_WITH_PASSWORD, { t: link, pw: 'my own password' })).data?.verifyEmail.emailVerified).toBe(true);
    expect(errorCodes(await stack.logIn(email, 'my own password'))).toEqual([]);
  });

  it('the mailbox owner, who does not know the squatter’s password, leaves it out: the squatter is out', async () => {
    const squatted = await squat('noor');
    expect((await stack.request(VERIFY_WITH_PASSWORD, { t: squatted.verifyLink, pw: null })).data?.verifyEmail.emailVerified).toBe(true);
    await expectSquatterOut(squatted);
  });
});

describe('passwords tried with a verification link', () => {
  // No delays, and an account ceiling of 2 failures: the third try in a row from one address waits.
  let mail: MailCatcher;
  let sg: Awaited<ReturnType<typeof startSupergraph>>;
  beforeAll(async () => {
    mail = await startMailCatcher();
    const throttle = { LOGIN_FAILURES_BEFORE_DELAY: '100', LOGIN_MAX_FAILURES_PER_ACCOUNT: '2' };
    sg = await startSupergraph({ usersEnv: { SMTP_URL: mail.smtpUrl, APP_URL: 'https://app.example', ...throttle } });
  });
  afterAll(async () => {
    await sg?.stop();
    await mail?.stop();
  });

  it('count as failed log-ins on the account: past its ceiling the link and logIn are refused alike', async () => {
    const [email, password] = ['guess@example.com', 'my own password'];
    expect(errorCodes(await sg.request(Q.signUp, { input: { email, username: 'guess', password } }))).toEqual([]);
    const t = new URL((await mail.next(email, 0, SUBJECT.verify)).link ?? 'http://none').searchParams.get('token');
    for (const pw of ['guess one', 'guess two']) expect(errorCodes(await sg.request(VERIFY_WITH_PASSWORD, { t, pw }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await sg.request(VERIFY_WITH_PASSWORD, { t, pw: password }))).toEqual(['TOO_MANY_REQUESTS']);
    expect(errorCodes(await sg.request(LOG_IN, { input: { email, password } }))).toEqual(['TOO_MANY_REQUESTS']);
  });
});
