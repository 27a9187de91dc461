import { errorCodes, graphql, LOG_IN } from '@clmb/testkit';
import { type FakeGoogle, GOOGLE_CLIENT_ID, startFakeGoogle } from '@clmb/users/fake-google';
import { type MailCatcher, startMailCatcher } from '@clmb/users/test-mail';
import { startSupergraph } from './supergraph';
import { within5s } from './within';

export const Q = {
  signUp: /* GraphQL */ `mutation SignUp($input: SignUpInput!) { signUp(input: $input) }`,
  me: /* GraphQL */ `query Me { me { id email emailVerified } }`,
  refresh: /* GraphQL */ `mutation Refresh($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken } }`,
  verify: /* GraphQL */ `mutation Verify($t: String!) { verifyEmail(input: { token: $t }) { id email emailVerified } }`,
  requestReset: /* GraphQL */ `mutation RequestReset($email: String!) { requestPasswordReset(input: { email: $email }) }`,
  reset: /* GraphQL */ `mutation Reset($t: String!, $pw: String!) { resetPassword(input: { token: $t, newPassword: $pw }) }`,
  changeEmail: /* GraphQL */ `mutation ChangeEmail($e: String!, $pw: String!) { changeEmail(input: { newEmail: $e, password: $pw }) }`,
  changePassword: /* GraphQL */ `mutation ChangePassword($old: String!, $pw: String!) {
    changePassword(input: { currentPassword: $old, newPassword: $pw }) { accessToken }
  }`,
  logOutEverywhere: /* GraphQL */ `mutation Out { logOutEverywhere }`,
  setRole: /* GraphQL */ `mutation SetRole($id: ID!, $role: Role!) { setUserRole(input: { userId: $id, role: $role }) { id role } }`,
  google: /* GraphQL */ `mutation Google($t: String!) { logInWithGoogle(input: { idToken: $t }) { accessToken user { id email } } }`,
};

export const SUBJECT = {
  verify: 'Confirm your email address for clmb',
  confirmNew: 'Confirm your new email address for clmb',
  reset: 'Reset your clmb password',
  signUpAttempt: 'Someone tried to sign up to clmb with your email address',
};

/**
 * The supergraph with the users service mailing a real SMTP catcher and trusting a fake Google,
 * and a second router behind a trusted proxy, so that each request may come from its own address
 * (the per-address limits of log-ins and mails have their own tests).
 */
export async function startAccountStack() {
  const mail: MailCatcher = await startMailCatcher();
  const google: FakeGoogle = await startFakeGoogle();
  const sg = await startSupergraph({
    usersEnv: { SMTP_URL: mail.smtpUrl, APP_URL: 'https://app.example', GOOGLE_CLIENT_ID, GOOGLE_JWKS_URL: google.jwksUrl },
  });
  const proxied = await sg.startExtraRouter({ TRUST_PROXY: 'loopback' });
  let next = 0;
  /** Sends through the router from a client address of its own. */
  const request = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    graphql(`${proxied.url}/graphql`, query, variables, token, { 'x-forwarded-for': `198.18.${Math.floor(++next / 250)}.${(next % 250) + 1}` });

  /** The token of the first mail to `to` with `subject` received after the first `since` mails. */
  const mailedToken = async (to: string, subject: string, since: number) =>
    new URL((await mail.next(to, since, subject)).link ?? 'http://none').searchParams.get('token') ?? '';

  const logIn = (email: string, password: string) => request(LOG_IN, { input: { email, password } });

  /** Signs up and logs in; the verification mail is left in the catcher. */
  async function signUp(email: string, username: string, password: string) {
    const signedUp = await request(Q.signUp, { input: { email, username, password } });
    if (errorCodes(signedUp).length > 0) throw new Error(JSON.stringify(signedUp));
    const login = (await logIn(email, password)).data?.logIn;
    if (!login) throw new Error(`could not log in as ${email}`);
    return { accessToken: login.accessToken as string, refreshToken: login.refreshToken as string, id: login.user.id as string };
  }

  /** Requests a reset as the app does, and spends the mailed link. */
  async function resetPassword(email: string, password: string) {
    const since = mail.received.length;
    await request(Q.requestReset, { email });
    return request(Q.reset, { t: await mailedToken(email, SUBJECT.reset, since), pw: password });
  }

  /**
   * Whether a login is dead for good: its password no longer logs in, its refresh token is
   * refused, and (within 5 s, as revocations take effect) its access token is refused.
   */
  async function loginEnded(email: string, password: string, login: { accessToken: string; refreshToken: string }) {
    await within5s(async () => errorCodes(await request(Q.me, {}, login.accessToken)).join() === 'UNAUTHENTICATED');
    return {
      password: errorCodes(await logIn(email, password)),
      refresh: errorCodes(await request(Q.refresh, { t: login.refreshToken })),
      access: errorCodes(await request(Q.me, {}, login.accessToken)),
    };
  }

  return {
    sg,
    mail,
    google,
    request,
    mailedToken,
    logIn,
    signUp,
    resetPassword,
    loginEnded,
    stop: async () => {
      await proxied?.stop();
      await sg?.stop();
      await google?.stop();
      await mail?.stop();
    },
  };
}

export type AccountStack = Awaited<ReturnType<typeof startAccountStack>>;

export const ENDED = { password: ['UNAUTHENTICATED'], refresh: ['UNAUTHENTICATED'], access: ['UNAUTHENTICATED'] };
