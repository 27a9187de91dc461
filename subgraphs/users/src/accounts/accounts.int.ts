import { createAuthorizationVerifier } from '@clmb/common';
import { builders, errorCodes, errorField, maskIds, type ServiceUnderTest } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUsersUnderTest } from '../test-service';

const SIGN_UP = /* GraphQL */ `mutation($input: SignUpInput!) { signUp(input: $input) }`;
const FIRST_LOG_IN = /* GraphQL */ `
  mutation($input: LogInInput!) {
    logIn(input: $input) { accessToken accessTokenExpiresAt refreshToken user { id username email firstName lastName role createdAt } }
  }`;
const REFRESH = /* GraphQL */ `mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken user { username } } }`;
const LOG_OUT = /* GraphQL */ `mutation($t: String!) { logOut(input: { refreshToken: $t }) }`;

let users: ServiceUnderTest;
const signUp = (input: Record<string, unknown>) => users.gql(SIGN_UP, { input });
const tryLogIn = (email: string, password: string) => builders(users.gql).tryLogIn(email, password);

beforeAll(async () => {
  users = await startUsersUnderTest('users_accounts');
});
afterAll(() => users?.stop());

describe('signUp', () => {
  it('creates a CLIMBER with a lowercased email, who can then log in', async () => {
    const response = await signUp({ email: 'Alex@Example.COM', username: 'alex', password: 'correct horse', firstName: 'Alex' });
    expect(response).toEqual({ status: 200, data: { signUp: true } });
    const login = await users.gql(FIRST_LOG_IN, { input: { email: 'alex@example.com', password: 'correct horse' } });
    expect(maskIds(login, { dates: true })).toEqual({
      status: 200,
      data: {
        logIn: {
          accessToken: expect.stringMatching(/^eyJ/),
          accessTokenExpiresAt: '<date>',
          refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          user: { id: '<uuid>', username: 'alex', email: 'alex@example.com', firstName: 'Alex', lastName: null, role: 'CLIMBER', createdAt: '<date>' },
        },
      },
    });
  });

  it('issues an access token that every subgraph can verify', async () => {
    await signUp({ email: 'verify@example.com', username: 'verify', password: 'password1' });
    const { data } = await users.gql(FIRST_LOG_IN, { input: { email: 'verify@example.com', password: 'password1' } });
    const verify = await createAuthorizationVerifier(users.keys.JWT_PUBLIC_KEY, { issuer: 'clmb', audience: 'clmb-api' });
    expect(await verify(`Bearer ${data?.logIn.accessToken}`)).toEqual({ id: data?.logIn.user.id, role: 'CLIMBER' });
    const claims = JSON.parse(Buffer.from(data?.logIn.accessToken.split('.')[1], 'base64url').toString());
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'gen', 'iat', 'iss', 'jti', 'role', 'sid', 'sub']);
    expect(claims.exp - claims.iat).toBe(900);
    expect(new Date(data?.logIn.accessTokenExpiresAt).getTime()).toBe(claims.exp * 1000);
  });

  it('rejects a duplicate username, whatever the case and whether or not the email is taken too, and answers a duplicate email like a new one', async () => {
    const email = await signUp({ email: 'ALEX@example.com', username: 'someone', password: 'password1' });
    const username = await signUp({ email: 'new@example.com', username: 'ALEX', password: 'password1' });
    const both = await signUp({ email: 'Alex@example.com', username: 'Alex', password: 'password1' });
    expect(email).toEqual({ status: 200, data: { signUp: true } });
    const taken = { message: 'input.username: is already taken', extensions: { code: 'BAD_USER_INPUT', field: 'input.username' } };
    for (const refused of [username, both]) expect(refused).toEqual({ status: 200, data: null, errors: [expect.objectContaining(taken)] });
    // No second account: the address still logs in with its first password only.
    expect(errorCodes(await tryLogIn('alex@example.com', 'password1'))).toEqual(['UNAUTHENTICATED']);
  });

  it.each([
    [{ email: 'not-an-email', username: 'valid', password: 'password1' }, 'input.email'],
    [{ email: 'a@example.com', username: 'no', password: 'password1' }, 'input.username'],
    [{ email: 'a@example.com', username: 'spaces not ok', password: 'password1' }, 'input.username'],
    [{ email: 'a@example.com', username: 'x'.repeat(33), password: 'password1' }, 'input.username'],
    [{ email: 'a@example.com', username: 'valid', password: 'short' }, 'input.password'],
    [{ email: 'a@example.com', username: 'valid', password: 'p'.repeat(129) }, 'input.password'],
    [{ email: 'a@example.com', username: 'valid', password: 'password1', lastName: 'l'.repeat(129) }, 'input.lastName'],
  ])('rejects invalid input %j', async (input, field) => {
    const response = await signUp(input);
    expect([errorCodes(response), errorField(response)]).toEqual([['BAD_USER_INPUT'], field]);
  });
});

describe('logIn', () => {
  it('exchanges email (any case) and password for tokens', async () => {
    const response = await tryLogIn('ALEX@example.com', 'correct horse');
    expect(maskIds(response.data, { dates: true })).toEqual({
      logIn: { accessToken: expect.any(String), refreshToken: expect.any(String), accessTokenExpiresAt: '<date>', user: { id: '<uuid>', username: 'alex', role: 'CLIMBER' } },
    });
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await tryLogIn('alex@example.com', 'wrong password');
    const unknown = await tryLogIn('nobody@example.com', 'correct horse');
    const expected = { status: 200, data: null, errors: [expect.objectContaining({ message: 'Invalid email or password.', extensions: { code: 'UNAUTHENTICATED' } })] };
    expect(wrong).toEqual(expected);
    expect(unknown).toEqual(expected);
  });
});

describe('refresh tokens', () => {
  const logIn = async () => (await builders(users.gql).logIn('alex@example.com', 'correct horse')).refreshToken;

  it('rotates: the new token works, the old one is spent', async () => {
    const first = await logIn();
    const rotated = await users.gql(REFRESH, { t: first });
    expect(rotated.data?.refreshToken).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), user: { username: 'alex' } });
    expect(rotated.data?.refreshToken.refreshToken).not.toBe(first);
    const again = await users.gql(REFRESH, { t: rotated.data?.refreshToken.refreshToken });
    expect(errorCodes(again)).toEqual([]);
  });

  it('revokes the whole family when a spent token is replayed after its successor was used', async () => {
    const first = await logIn();
    const second = (await users.gql(REFRESH, { t: first })).data?.refreshToken.refreshToken;
    const third = (await users.gql(REFRESH, { t: second })).data?.refreshToken.refreshToken;
    const otherLogin = await logIn();
    expect(errorCodes(await users.gql(REFRESH, { t: first }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await users.gql(REFRESH, { t: third }))).toEqual(['UNAUTHENTICATED']);
    // Another login's family is untouched.
    expect(errorCodes(await users.gql(REFRESH, { t: otherLogin }))).toEqual([]);
  });

  it('rejects an unknown token and a malformed one', async () => {
    expect(errorCodes(await users.gql(REFRESH, { t: 'x'.repeat(43) }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await users.gql(REFRESH, { t: '' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('logOut revokes, and says whether the token was active', async () => {
    const token = await logIn();
    expect((await users.gql(LOG_OUT, { t: token })).data).toEqual({ logOut: true });
    expect((await users.gql(LOG_OUT, { t: token })).data).toEqual({ logOut: false });
    expect((await users.gql(LOG_OUT, { t: 'unknown' })).data).toEqual({ logOut: false });
    expect(errorCodes(await users.gql(REFRESH, { t: token }))).toEqual(['UNAUTHENTICATED']);
  });
});
