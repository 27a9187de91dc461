import { builders, errorCodes, gqlAt, graphql, type ServiceUnderTest } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUsersUnderTest } from '../test-service';

const SIGN_UP = /* GraphQL */ `mutation($input: SignUpInput!) { signUp(input: $input) }`;

let users: ServiceUnderTest;

// As the router sends it: the client's address in X-Forwarded-For.
const signUp = (username: string, address: string) =>
  graphql(users.url, SIGN_UP, { input: { email: `${username}@example.com`, username, password: 'password1' } }, undefined, {
    'x-forwarded-for': address,
  });
const logIn = (email: string, password: string, address: string) => builders(gqlAt(users.url, { 'x-forwarded-for': address })).tryLogIn(email, password);

const tooMany = { status: 200, data: null, errors: [expect.objectContaining({ extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) } })] };

/** The SQL a request sent: a refused attempt must touch nothing but its counters (so no password was hashed). */
async function statementsOf<T>(request: () => Promise<T>): Promise<{ response: T; tables: string[] }> {
  const before = users.statements.length;
  const response = await request();
  const tables = users.statements.slice(before).map((sql) => /"users"\."(\w+)"/.exec(sql)?.[1] ?? sql);
  return { response, tables: [...new Set(tables)] };
}

beforeAll(async () => {
  users = await startUsersUnderTest('users_login_throttle', {
    LOGIN_FAILURES_BEFORE_DELAY: '3',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '5',
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

  it('counts an IPv6 client by its /64 and by its /48, and an IPv4-mapped address as the IPv4 one', async () => {
    expect(errorCodes(await signUp('v6a', '2001:db8:1:2::1'))).toEqual([]);
    expect(errorCodes(await signUp('v6b', '2001:db8:1:2:abcd::9'))).toEqual([]);
    expect(await signUp('v6c', '2001:db8:1:2:ffff:ffff:ffff:ffff')).toEqual(tooMany);
    // Another /64 of the same /48 shares the /48's budget; another /48 has its own.
    expect(await signUp('v6c', '2001:db8:1:3::1')).toEqual(tooMany);
    expect(errorCodes(await signUp('v6c', '2001:db8:2:3::1'))).toEqual([]);
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
    for (const [i, name] of ['alice', 'bob', 'dora'].entries()) await signUp(name, `198.51.100.${50 + i}`);
  });

  it('holds an attacker hammering an account, never its owner logging in from elsewhere', async () => {
    const attacker = '198.51.100.10';
    for (let i = 0; i < 3; i++) expect(errorCodes(await logIn('alice@example.com', `guess ${i}`, attacker))).toEqual(['UNAUTHENTICATED']);
    // Past LOGIN_FAILURES_BEFORE_DELAY the attacker waits, even with the right password, before any hashing.
    const { response, tables } = await statementsOf(() => logIn('ALICE@example.com', 'password1', attacker));
    expect(response).toEqual(tooMany);
    expect(response.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeLessThanOrEqual(2);
    expect(tables).toEqual(['rate_limit']);
    for (let i = 0; i < 3; i++) expect(await logIn('alice@example.com', `more ${i}`, attacker)).toEqual(tooMany);
    // Meanwhile the owner, from their own address, logs in as usual.
    expect(errorCodes(await logIn('alice@example.com', 'password1', '198.51.100.11'))).toEqual([]);
    // And the attacker is still held: the owner's log-in did not clear the attacker's failures.
    expect(await logIn('alice@example.com', 'password1', attacker)).toEqual(tooMany);
  });

  it('ends an address’s failures in a row on an account when it gives the right password', async () => {
    // Two rounds of two failures and a success from one address (under its limit of 6 attempts).
    for (let round = 0; round < 2; round++) {
      expect(errorCodes(await logIn('bob@example.com', 'wrong password', '198.51.100.20'))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await logIn('bob@example.com', 'wrong password', '198.51.100.20'))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await logIn('bob@example.com', 'password1', '198.51.100.20'))).toEqual([]);
    }
  });

  it('past the per-account ceiling, gives an address two tries in a row on the account, then holds it', async () => {
    // A spread-out attack: five addresses, one failure each, reach LOGIN_MAX_FAILURES_PER_ACCOUNT.
    const botnet = Array.from({ length: 5 }, (_, i) => `203.0.113.${10 + i}`);
    for (const address of botnet) expect(errorCodes(await logIn('dora@example.com', 'guess', address))).toEqual(['UNAUTHENTICATED']);
    // Each has one try left; then the ceiling holds it, the right password too.
    for (const address of botnet) expect(errorCodes(await logIn('dora@example.com', 'guess 2', address))).toEqual(['UNAUTHENTICATED']);
    for (const address of botnet) expect(await logIn('dora@example.com', 'password1', address)).toEqual(tooMany);
    // The owner, from an address that had not failed on the account, gets in after a typo.
    expect(errorCodes(await logIn('dora@example.com', 'pasword1', '198.51.100.30'))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await logIn('dora@example.com', 'password1', '198.51.100.30'))).toEqual([]);
  });

  it('limits attempts per address across accounts, successful ones included', async () => {
    const address = '192.0.2.77';
    for (let i = 0; i < 5; i++) expect(errorCodes(await logIn(`guess${i}@example.com`, 'password1', address))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await logIn('ann@example.com', 'password1', address))).toEqual([]);
    expect(await logIn('ann@example.com', 'password1', address)).toEqual(tooMany);
    expect(await logIn('not an email', 'x', address)).toEqual(tooMany);
    expect(errorCodes(await logIn('ann@example.com', 'password1', '192.0.2.78'))).toEqual([]);
  });

  it('counts concurrent attempts from one address exactly: only the free ones reach the password check', async () => {
    await signUp('carl', '198.51.100.60');
    const attempts = await Promise.all(Array.from({ length: 10 }, () => logIn('carl@example.com', 'wrong password', '198.51.100.61')));
    const codes = attempts.flatMap(errorCodes).sort();
    expect(codes).toEqual([...Array(3).fill('UNAUTHENTICATED'), ...Array(7).fill('TOO_MANY_REQUESTS')].sort());
    expect(errorCodes(await logIn('carl@example.com', 'password1', '198.51.100.62'))).toEqual([]);
  });
});
