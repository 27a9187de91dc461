import { builders, errorCodes, errorField, maskIds, type ServiceUnderTest } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGoogle, GOOGLE_CLIENT_ID, startFakeGoogle } from './fake-google';
import { type MailCatcher, startMailCatcher } from './mail/test-mail';
import { startUsersUnderTest } from '../test-service';

const GOOGLE = /* GraphQL */ `
  mutation($input: LogInWithGoogleInput!) {
    logInWithGoogle(input: $input) { accessToken refreshToken user { id username email firstName lastName role } }
  }`;
const SIGN_UP = /* GraphQL */ `mutation($input: SignUpInput!) { signUp(input: $input) }`;
const VERIFY = /* GraphQL */ `mutation($token: String!) { verifyEmail(input: { token: $token }) { id } }`;

let google: FakeGoogle;
let users: ServiceUnderTest;
let mail: MailCatcher;
const tokenIn = async (to: string, subject: string, since: number) =>
  new URL((await mail.next(to, since, subject)).link ?? '').searchParams.get('token');
const withGoogle = async (idToken: string) => users.gql(GOOGLE, { input: { idToken } });
const tryLogIn = (email: string, password: string) => builders(users.gql).tryLogIn(email, password);
const claims = (sub: string, email: string, extra: Record<string, unknown> = {}) => ({ sub, email, email_verified: true, ...extra });

beforeAll(async () => {
  google = await startFakeGoogle();
  mail = await startMailCatcher();
  users = await startUsersUnderTest('users_google', {
    SMTP_URL: mail.smtpUrl,
    GOOGLE_CLIENT_ID: `other.apps.googleusercontent.com,${GOOGLE_CLIENT_ID}`,
    GOOGLE_JWKS_URL: google.jwksUrl,
    // Every request here comes from 127.0.0.1; the limits have their own tests.
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000',
  });
});
afterAll(async () => {
  await users?.stop();
  await google?.stop();
  await mail?.stop();
});

describe('logInWithGoogle', () => {
  it('creates a CLIMBER account without a password on first use, and logs in to it afterwards', async () => {
    const token = await google.idToken(claims('g-ada', 'Ada.Lovelace@Gmail.com', { given_name: 'Ada', family_name: 'Lovelace' }));
    const first = await withGoogle(token);
    expect(maskIds(first, { dates: true })).toEqual({
      status: 200,
      data: {
        logInWithGoogle: {
          accessToken: expect.stringMatching(/^eyJ/),
          refreshToken: expect.any(String),
          user: { id: '<uuid>', username: 'ada.lovelace', email: 'ada.lovelace@gmail.com', firstName: 'Ada', lastName: 'Lovelace', role: 'CLIMBER' },
        },
      },
    });
    const again = await withGoogle(await google.idToken(claims('g-ada', 'ada.lovelace@gmail.com')));
    expect(again.data?.logInWithGoogle.user.id).toBe(first.data?.logInWithGoogle.user.id);
    // No password was ever set, so no password opens the account.
    for (const password of ['', 'password1', 'undefined']) {
      const logIn = await tryLogIn('ada.lovelace@gmail.com', password);
      expect(errorCodes(logIn)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('makes the username unique when the email’s local part is taken', async () => {
    const other = await withGoogle(await google.idToken(claims('g-ada-2', 'ada.lovelace@example.org')));
    expect(other.data?.logInWithGoogle.user.username).toMatch(/^ada\.lovelace-\d{4}$/);
    const short = await withGoogle(await google.idToken(claims('g-x', 'x@example.org')));
    expect(short.data?.logInWithGoogle.user.username).toBe('climber');
  });

  it('links a password account once its owner verified the email; both ways then log in to it', async () => {
    const seen = mail.received.length;
    await users.gql(SIGN_UP, { input: { email: 'grace@example.com', username: 'grace', password: 'password1' } });
    const login = (await tryLogIn('grace@example.com', 'password1')).data?.logIn;
    const id = login.user.id;
    await users.gql(VERIFY, { token: await tokenIn('grace@example.com', 'Confirm your email address for clmb', seen) }, login.accessToken);
    const linked = await withGoogle(await google.idToken(claims('g-grace', 'GRACE@example.com')));
    expect(linked.data?.logInWithGoogle.user).toMatchObject({ id, username: 'grace' });
    const password = await tryLogIn('grace@example.com', 'password1');
    expect(password.data?.logIn.user.id).toBe(id);
    // A second Google account with that email cannot take the account over.
    const intruder = await withGoogle(await google.idToken(claims('g-not-grace', 'grace@example.com')));
    expect(errorCodes(intruder)).toEqual(['FORBIDDEN']);
  });

  // The review's pre-hijack: whoever signed up first with someone else's address must not keep
  // access once the address's owner signs in with Google (Google proves the address).
  it('links an account whose email was never verified, ending the password and logins of whoever signed up', async () => {
    await users.gql(SIGN_UP, { input: { email: 'victim@example.com', username: 'hijacker', password: 'hijacker pw' } });
    const hijacker = (await tryLogIn('victim@example.com', 'hijacker pw')).data?.logIn;
    const linked = await withGoogle(await google.idToken(claims('g-victim', 'victim@example.com')));
    expect(linked.data?.logInWithGoogle.user.id).toBe(hijacker.user.id);
    expect(errorCodes(await tryLogIn('victim@example.com', 'hijacker pw'))).toEqual(['UNAUTHENTICATED']);
    const REFRESH = /* GraphQL */ `mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken } }`;
    expect(errorCodes(await users.gql(REFRESH, { t: hijacker.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect((await users.gql(/* GraphQL */ `{ me { id } }`, {}, hijacker.accessToken)).status).toBe(401);
    const again = await withGoogle(await google.idToken(claims('g-victim', 'victim@example.com')));
    expect((await users.gql(/* GraphQL */ `{ me { id } }`, {}, again.data?.logInWithGoogle.accessToken)).data).toEqual({ me: { id: hijacker.user.id } });
  });

  it('refuses to link (or create) an account by an email Google has not verified', async () => {
    await users.gql(SIGN_UP, { input: { email: 'linus@example.com', username: 'linus', password: 'password1' } });
    for (const verified of [false, 'false', undefined]) {
      const response = await withGoogle(await google.idToken(claims('g-fake-linus', 'linus@example.com', { email_verified: verified })));
      expect([errorCodes(response), response.data]).toEqual([['FORBIDDEN'], null]);
    }
    const noEmail = await withGoogle(await google.idToken({ sub: 'g-no-email' }));
    expect(errorCodes(noEmail)).toEqual(['FORBIDDEN']);
    // The password account was untouched by those.
    expect(errorCodes(await tryLogIn('linus@example.com', 'password1'))).toEqual([]);
  });

  it('deletes an account without a password on a recent Google sign-in of it, and only then', async () => {
    const DELETE = /* GraphQL */ `mutation($input: DeleteAccountInput!) { deleteAccount(input: $input) }`;
    const signedIn = (await withGoogle(await google.idToken(claims('g-leaving', 'leaving@example.com')))).data?.logInWithGoogle;
    const old = await google.idToken(claims('g-leaving', 'leaving@example.com'), { issuedAt: Math.floor(Date.now() / 1000) - 600, expiresIn: 3600 });
    const someoneElse = await google.idToken(claims('g-other', 'other@example.com'));
    for (const input of [{}, { password: 'anything' }, { googleIdToken: old }, { googleIdToken: someoneElse }]) {
      const refused = await users.gql(DELETE, { input }, signedIn.accessToken);
      expect([errorCodes(refused), refused.errors?.[0]?.extensions?.['field']]).toEqual([['BAD_USER_INPUT'], 'input.googleIdToken']);
    }
    const fresh = await google.idToken(claims('g-leaving', 'leaving@example.com'));
    expect((await users.gql(DELETE, { input: { googleIdToken: fresh } }, signedIn.accessToken)).data).toEqual({ deleteAccount: signedIn.user.id });
  });

  it.each([
    ['for another app (audience)', { aud: 'someone-else.apps.googleusercontent.com' }, {}],
    ['from another issuer', { iss: 'https://evil.example.com' }, {}],
    ['expired', {}, { issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresIn: 3600 }],
    ['signed with a key Google never published', {}, { key: 'other' }],
    ['signed with an unknown key id', {}, { kid: 'no-such-key' }],
  ])('rejects a token %s as UNAUTHENTICATED', async (_name, overrides, options) => {
    const { key, ...rest } = options as { key?: string; issuedAt?: number; expiresIn?: number; kid?: string };
    const token = await google.idToken({ ...claims('g-mallory', 'mallory@example.com'), ...overrides }, { ...rest, ...(key && { key: google.otherKey }) });
    const response = await withGoogle(token);
    expect([response.status, errorCodes(response), response.data]).toEqual([200, ['UNAUTHENTICATED'], null]);
  });

  it('rejects unsigned, garbled and oversized tokens', async () => {
    const [header, payload] = (await google.idToken(claims('g-mallory', 'mallory@example.com'))).split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    for (const idToken of [unsigned, `${header}.${payload}.c2lnbmF0dXJl`, 'not-a-jwt']) {
      expect(errorCodes(await withGoogle(idToken))).toEqual(['UNAUTHENTICATED']);
    }
    expect(errorCodes(await withGoogle(''))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await withGoogle('x'.repeat(5000)))).toEqual(['BAD_USER_INPUT']);
    // None of those made an account: a genuine token for that Google account now creates it.
    const genuine = await withGoogle(await google.idToken(claims('g-mallory', 'mallory@example.com')));
    expect(genuine.data?.logInWithGoogle.user.username).toBe('mallory');
  });

  it('cuts over-long names by character, and refuses (never a 500) an email or subject too long to store, creating nothing', async () => {
    // 63 letters and an emoji (two UTF-16 units): cutting by unit would split the emoji.
    const names = { given_name: `${'a'.repeat(63)}🧗${'G'.repeat(300)}`, family_name: 'F'.repeat(300) };
    const long = await withGoogle(await google.idToken(claims('g-long', 'long@example.com', names)));
    expect(long.data?.logInWithGoogle.user).toMatchObject({ firstName: `${'a'.repeat(63)}🧗`, lastName: 'F'.repeat(128) });

    const longEmail = await withGoogle(await google.idToken(claims('g-long-email', `${'e'.repeat(250)}@example.com`)));
    expect(longEmail).toMatchObject({
      status: 200,
      data: null,
      errors: [{ message: 'The email address of this Google account is longer than 255 characters, which clmb cannot store.', extensions: { code: 'FORBIDDEN' } }],
    });
    // Nothing was created or linked for that Google account: with an email that fits, it gets a new account.
    const fits = await withGoogle(await google.idToken(claims('g-long-email', 'fits@example.com')));
    expect(fits.data?.logInWithGoogle.user.email).toBe('fits@example.com');
    // OpenID Connect caps the subject at 255 characters: a longer one is not a Google token.
    expect(errorCodes(await withGoogle(await google.idToken(claims('s'.repeat(256), 'sub@example.com'))))).toEqual(['UNAUTHENTICATED']);
  });

  it('still signs a linked account in when Google’s email has grown past 255 characters', async () => {
    const first = await withGoogle(await google.idToken(claims('g-grows', 'grows@example.com')));
    const again = await withGoogle(await google.idToken(claims('g-grows', `${'g'.repeat(250)}@example.com`)));
    expect(again.data?.logInWithGoogle.user.id).toBe(first.data?.logInWithGoogle.user.id);
  });

  it('tells a Google-only account that changes its password that it has none', async () => {
    const signedIn = await withGoogle(await google.idToken(claims('g-nopass', 'nopass@example.com')));
    const change = await users.gql(
      /* GraphQL */ `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken } }`,
      { input: { currentPassword: 'anything', newPassword: 'new password' } },
      signedIn.data?.logInWithGoogle.accessToken,
    );
    expect([errorCodes(change), errorField(change), change.errors?.[0]?.message]).toEqual([
      ['BAD_USER_INPUT'],
      'input.currentPassword',
      'input.currentPassword: this account has no password; it signs in with Google',
    ]);
  });

  it('fetched Google’s keys once and cached them', () => {
    // Unknown key ids may trigger a refetch, at most once per 30 s cool-down.
    expect(google.fetches()).toBeLessThanOrEqual(2);
  });
});
