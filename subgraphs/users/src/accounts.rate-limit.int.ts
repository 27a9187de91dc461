import { errorCodes, graphql, type ServiceUnderTest } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUsersUnderTest } from './test-service';

const SIGN_UP = /* GraphQL */ `mutation($input: SignUpInput!) { signUp(input: $input) { user { id } } }`;
const LOG_IN = /* GraphQL */ `mutation($input: LogInInput!) { logIn(input: $input) { user { id } } }`;

let users: ServiceUnderTest;

// As the router sends it: the client's address in X-Forwarded-For.
const signUp = (username: string, address: string) =>
  graphql(users.url, SIGN_UP, { input: { email: `${username}@example.com`, username, password: 'password1' } }, undefined, {
    'x-forwarded-for': address,
  });
const logIn = (email: string, password: string, address: string) =>
  graphql(users.url, LOG_IN, { input: { email, password } }, undefined, { 'x-forwarded-for': address });

const tooMany = { status: 200, data: null, errors: [expect.objectContaining({ extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) } })] };

/** The SQL a request sent: a refused attempt must touch nothing but its counters (so no password was hashed). */
async function statementsOf<T>(request: () => Promise<T>): Promise<{ response: T; tables: string[] }> {
  const before = users.statements.length;
  const response = await request();
  const tables = users.statements.slice(before).map((sql) => /"users"\."(\w+)"/.exec(sql)?.[1] ?? sql);
  return { response, tables: [...new Set(tables)] };
}

beforeAll(async () => {
  users = await startUsersUnderTest('users_rate_limit', {
    LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '3',
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '6',
    LOGIN_WINDOW_SECONDS: '900',
    SIGNUP_MAX_PER_ADDRESS: '2',
    SIGNUP_WINDOW_SECONDS: '3600',
  });
});
afterAll(() => users?.stop());

describe('signUp', () => {
  it('allows SIGNUP_MAX_PER_ADDRESS sign-ups per address and window, then TOO_MANY_REQUESTS', async () => {
    expect(errorCodes(await signUp('ann', '198.51.100.1'))).toEqual([]);
    expect(errorCodes(await signUp('ben', '198.51.100.1'))).toEqual([]);
    const { response, tables } = await statementsOf(() => signUp('cat', '198.51.100.1'));
    expect(response).toEqual(tooMany);
    expect(response.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(3500);
    expect(tables).not.toContain('user');
    // Another address is not affected, and the refused sign-up created nothing.
    expect(errorCodes(await signUp('cat', '198.51.100.2'))).toEqual([]);
  });

  it('counts an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one', async () => {
    expect(errorCodes(await signUp('v6a', '2001:db8:1:2::1'))).toEqual([]);
    expect(errorCodes(await signUp('v6b', '2001:db8:1:2:abcd::9'))).toEqual([]);
    expect(await signUp('v6c', '2001:db8:1:2:ffff:ffff:ffff:ffff')).toEqual(tooMany);
    expect(errorCodes(await signUp('v6c', '2001:db8:1:3::1'))).toEqual([]);
    expect(await signUp('v4m', '::ffff:198.51.100.1')).toEqual(tooMany);
  });

  it('uses the hop the router added (the last X-Forwarded-For entry), and the socket address without a usable one', async () => {
    expect(await signUp('spoof', '203.0.113.99, 198.51.100.1')).toEqual(tooMany);
    expect(errorCodes(await signUp('direct1', 'not-an-address'))).toEqual([]);
    expect(errorCodes(await signUp('direct2', ''))).toEqual([]);
    // Both of those counted against the socket's address, 127.0.0.1.
    expect(await signUp('direct3', '127.0.0.1')).toEqual(tooMany);
  });
});

describe('logIn', () => {
  beforeAll(async () => {
    await signUp('alice', '198.51.100.50');
    await signUp('bob', '198.51.100.50');
  });

  it('locks an account after LOGIN_MAX_ATTEMPTS_PER_ACCOUNT failures, from any address, before hashing', async () => {
    for (const address of ['198.51.100.10', '198.51.100.11', '198.51.100.12']) {
      expect(errorCodes(await logIn('alice@example.com', 'wrong password', address))).toEqual(['UNAUTHENTICATED']);
    }
    const { response, tables } = await statementsOf(() => logIn('ALICE@example.com', 'password1', '198.51.100.13'));
    expect(response).toEqual(tooMany);
    expect(response.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeLessThanOrEqual(900);
    expect(tables).toEqual(['rate_limit']);
    // Other accounts, from the same addresses, are not locked.
    expect(errorCodes(await logIn('bob@example.com', 'password1', '198.51.100.10'))).toEqual([]);
  });

  it('resets an account’s failures when the right password is given', async () => {
    for (let round = 0; round < 3; round++) {
      expect(errorCodes(await logIn('bob@example.com', 'wrong password', '198.51.100.20'))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await logIn('bob@example.com', 'wrong password', '198.51.100.21'))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await logIn('bob@example.com', 'password1', '198.51.100.22'))).toEqual([]);
    }
  });

  it('limits attempts per address across accounts, successful ones included', async () => {
    const address = '192.0.2.77';
    for (let i = 0; i < 5; i++) expect(errorCodes(await logIn(`guess${i}@example.com`, 'password1', address))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await logIn('ann@example.com', 'password1', address))).toEqual([]);
    expect(await logIn('ann@example.com', 'password1', address)).toEqual(tooMany);
    expect(await logIn('not an email', 'x', address)).toEqual(tooMany);
    expect(errorCodes(await logIn('ann@example.com', 'password1', '192.0.2.78'))).toEqual([]);
  });

  it('counts concurrent attempts exactly: only the allowed number reach the password check', async () => {
    await signUp('carl', '198.51.100.60');
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => logIn('carl@example.com', 'wrong password', `198.51.100.${100 + i}`)),
    );
    const codes = attempts.flatMap(errorCodes).sort();
    expect(codes).toEqual([...Array(3).fill('UNAUTHENTICATED'), ...Array(7).fill('TOO_MANY_REQUESTS')].sort());
  });
});
