import { errorCodes, graphql, LOG_IN } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

const SIGN_UP = /* GraphQL */ `mutation SignUp($input: SignUpInput!) { signUp(input: $input) }`;
const RESET = /* GraphQL */ `mutation RequestReset($email: String!) { requestPasswordReset(input: { email: $email }) }`;
/** Anonymous: 50 gyms with their routes, cost 30,101 (npm run cost): one fits the 50,000-point budget below, two do not. */
const GYMS = /* GraphQL */ `{ gyms(first: 50) { edges { node { name city routes { colour grade { value } } } } } }`;
const CEILING = 10;

let sg: Supergraph;
// Routers behind a trusted proxy on loopback, so each request can come from its own client address.
let behindProxy: Awaited<ReturnType<Supergraph['startExtraRouter']>>;
let smallBudget: Awaited<ReturnType<Supergraph['startExtraRouter']>>;

const from = (address: string, query: string, variables: Record<string, unknown> = {}) =>
  graphql(`${behindProxy.url}/graphql`, query, variables, undefined, { 'x-forwarded-for': address });
const logIn = (address: string, password: string) => from(address, LOG_IN, { input: { email: 'owner@example.com', password } });
const codesOf = async (answers: Promise<Parameters<typeof errorCodes>[0]>[]) => (await Promise.all(answers)).flatMap(errorCodes);

beforeAll(async () => {
  sg = await startSupergraph({ usersEnv: { LOGIN_MAX_FAILURES_PER_ACCOUNT: String(CEILING) } });
  behindProxy = await sg.startExtraRouter({ TRUST_PROXY: 'loopback' });
  smallBudget = await sg.startExtraRouter({ TRUST_PROXY: 'loopback', MAX_QUERY_COST: '50000', RATE_LIMIT_BURST: '50000', RATE_LIMIT_POINTS_PER_SECOND: '1' });
  await sg.request(SIGN_UP, { input: { email: 'owner@example.com', username: 'owner', password: 'the right password' } });
}, 120_000);
afterAll(async () => {
  await smallBudget?.stop();
  await behindProxy?.stop();
  await sg?.stop();
});

describe('an IPv6 /48 is one client too (finding 9)', () => {
  it("shares the router's anonymous budget between the /64s of a /48", async () => {
    const ask = (address: string) => graphql(`${smallBudget.url}/graphql`, GYMS, {}, undefined, { 'x-forwarded-for': address });
    expect(errorCodes(await ask('2001:db8:48:1::1'))).toEqual([]);
    expect(errorCodes(await ask('2001:db8:48:2::1'))).toEqual(['TOO_MANY_REQUESTS']);
    expect(errorCodes(await ask('2001:db8:49:1::1'))).toEqual([]);
  });

  it('counts sign-ups per /48 as well as per /64', async () => {
    const signUp = (i: number) => from(`2001:db8:5:${i}::1`, SIGN_UP, { input: { email: `rotating${i}@example.com`, username: `rotating${i}`, password: 'a long password' } });
    const codes: unknown[] = [];
    for (let i = 1; i <= 11; i++) codes.push(...errorCodes(await signUp(i)));
    expect(codes).toEqual(['TOO_MANY_REQUESTS']);
  });

  it('counts password reset mails per /48 as well as per /64', async () => {
    const codes: unknown[] = [];
    for (let i = 1; i <= 6; i++) codes.push(...errorCodes(await from(`2001:db8:6:${i}::1`, RESET, { email: `nobody${i}@example.com` })));
    expect(codes).toEqual(['TOO_MANY_REQUESTS']);
  });
});

describe('an account at its failure ceiling (finding 9)', () => {
  beforeAll(async () => {
    // Four attacker addresses, three failures each (the fourth attempt in a row would wait): past the ceiling of 10.
    const guesses = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'].flatMap((address) => [1, 2, 3].map((i) => () => logIn(address, `guess ${i}`)));
    for (const guess of guesses) await guess();
  });

  it('still lets its owner in after a typo, from an address that had not failed on it', async () => {
    expect(await codesOf([logIn('198.51.100.50', 'the rihgt password')])).toEqual(['UNAUTHENTICATED']);
    expect(await codesOf([logIn('198.51.100.50', 'the right password')])).toEqual([]);
  });

  it('holds an address that failed on it, and every /64 of a /48 that failed on it', async () => {
    expect(await codesOf([logIn('203.0.113.1', 'the right password')])).toEqual(['TOO_MANY_REQUESTS']);
    // One /64 of the /48 uses the allowance (two tries); another /64 of the same /48 finds it spent.
    const attacker = (i: number) => `2001:db8:66:${i}::1`;
    const codes: unknown[] = [];
    for (let i = 1; i <= 2; i++) codes.push(...(await codesOf([logIn(attacker(1), `ipv6 guess ${i}`)])));
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(await codesOf([logIn(attacker(2), 'ipv6 guess 3')])).toEqual(['TOO_MANY_REQUESTS']);
  });
});
