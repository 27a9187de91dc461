import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@clmb/common';
import { errorCodes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountStack, Q, SUBJECT, startAccountStack } from './account-stack';

let stack: AccountStack;
let adminToken: string;

beforeAll(async () => {
  stack = await startAccountStack();
  adminToken = (await stack.logIn(DEMO_ACCOUNTS.admin.email, DEMO_PASSWORD)).data?.logIn.accessToken;
});
afterAll(() => stack?.stop());

const PASSWORD = 'the first password';

/** Whoever learnt the password asks to move the account to their own address; the link goes to them. */
async function pendingTakeover(name: string) {
  const email = `${name}@example.com`;
  const login = await stack.signUp(email, name, PASSWORD);
  const since = stack.mail.received.length;
  expect((await stack.request(Q.changeEmail, { e: `${name}@evil.example`, pw: PASSWORD }, login.accessToken)).data).toEqual({ changeEmail: true });
  return { email, login, confirm: await stack.mailedToken(`${name}@evil.example`, SUBJECT.confirmNew, since) };
}

describe('a pending change of email', () => {
  const cancellations: [string, (p: Awaited<ReturnType<typeof pendingTakeover>>) => Promise<unknown>][] = [
    ['a password reset', (p) => stack.resetPassword(p.email, 'the owner took it back')],
    ['a change of password', (p) => stack.request(Q.changePassword, { old: PASSWORD, pw: 'the owner took it back' }, p.login.accessToken)],
    ['logOutEverywhere', (p) => stack.request(Q.logOutEverywhere, {}, p.login.accessToken)],
    ['a change of role', (p) => stack.request(Q.setRole, { id: p.login.id, role: 'ADMIN' }, adminToken)],
  ];

  it.each(cancellations)('dies with %s: the confirmation link no longer moves the account', async (name, cancel) => {
    const pending = await pendingTakeover(`owner_${name.replace(/\W/g, '').toLowerCase()}`);
    expect(errorCodes((await cancel(pending)) as never)).toEqual([]);
    const confirmed = await stack.request(Q.verify, { t: pending.confirm });
    expect(confirmed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.token' });
    expect(errorCodes(await stack.logIn(`${pending.email.split('@')[0]}@evil.example`, PASSWORD))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('pending reset and verification links', () => {
  it('die when the password changes', async () => {
    const login = await stack.signUp('ruth@example.com', 'ruth', PASSWORD);
    const verifyLink = await stack.mailedToken('ruth@example.com', SUBJECT.verify, 0);
    const since = stack.mail.received.length;
    await stack.request(Q.requestReset, { email: 'ruth@example.com' });
    const resetLink = await stack.mailedToken('ruth@example.com', SUBJECT.reset, since);
    expect(errorCodes(await stack.request(Q.changePassword, { old: PASSWORD, pw: 'a second password' }, login.accessToken))).toEqual([]);
    expect(errorCodes(await stack.request(Q.reset, { t: resetLink, pw: 'the thief wants this' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await stack.request(Q.verify, { t: verifyLink }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await stack.logIn('ruth@example.com', 'a second password'))).toEqual([]);
  });

  it('a reset link is bound to the address it was mailed to: a change of address ends it', async () => {
    const login = await stack.signUp('sam@example.com', 'sam', PASSWORD);
    let since = stack.mail.received.length;
    await stack.request(Q.requestReset, { email: 'sam@example.com' });
    const resetLink = await stack.mailedToken('sam@example.com', SUBJECT.reset, since);
    since = stack.mail.received.length;
    await stack.request(Q.changeEmail, { e: 'sam@new.example', pw: PASSWORD }, login.accessToken);
    const confirm = await stack.mailedToken('sam@new.example', SUBJECT.confirmNew, since);
    expect((await stack.request(Q.verify, { t: confirm }, login.accessToken)).data).toEqual({
      verifyEmail: { id: login.id, email: 'sam@new.example', emailVerified: true },
    });
    // Whoever still reads the old mailbox holds a reset link: it no longer sets the password.
    expect(errorCodes(await stack.request(Q.reset, { t: resetLink, pw: 'old mailbox wins' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await stack.logIn('sam@new.example', 'old mailbox wins'))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await stack.logIn('sam@new.example', PASSWORD))).toEqual([]);
  });
});

describe('mail to one recipient', () => {
  it('is capped per kind, however many addresses the sign-ups come from', async () => {
    await stack.signUp('target@example.com', 'target', PASSWORD);
    const since = stack.mail.received.length;
    for (let i = 0; i < 12; i++) {
      // Each request comes from a new client address, so no per-address limit applies.
      expect((await stack.request(Q.signUp, { input: { email: 'target@example.com', username: `bomber${i}`, password: PASSWORD } })).data).toEqual({
        signUp: true,
      });
    }
    // A reset mail sent after every sign-up was answered: once it is in, the others have been sent.
    await stack.request(Q.requestReset, { email: 'target@example.com' });
    await stack.mail.next('target@example.com', since, SUBJECT.reset);
    const attempts = () => stack.mail.received.slice(since).filter((m) => m.to.includes('target@example.com') && m.subject === SUBJECT.signUpAttempt);
    expect(attempts()).toHaveLength(5);
  });

  it('is capped per mailbox, not per spelling of its address', async () => {
    const since = stack.mail.received.length;
    // Each a new account whose address reaches gmail's inbox of one.bomb.target: same mailbox, other spellings.
    for (let i = 0; i < 7; i++) {
      const email = `One.Bomb.Target+${i}@${i % 2 ? 'googlemail.com' : 'gmail.com'}`;
      expect(errorCodes(await stack.request(Q.signUp, { input: { email, username: `plus${i}`, password: PASSWORD } }))).toEqual([]);
    }
    // A verification mail to another mailbox sent after them: once it is in, the others have been sent.
    await stack.request(Q.signUp, { input: { email: 'after@example.com', username: 'after', password: PASSWORD } });
    await stack.mail.next('after@example.com', since, SUBJECT.verify);
    const verifications = stack.mail.received.slice(since).filter((m) => m.subject === SUBJECT.verify && !m.to.includes('after@example.com'));
    expect(verifications).toHaveLength(5);
  });
});
