import { DEMO_ACCOUNTS, DEMO_PASSWORD, SUBGRAPH_SECRET_HEADER } from '@clmb/common';
import { errorCodes, graphql, LOG_IN, TEST_PASSWORD } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';
import { within5s } from './within';

const SIGN_UP = /* GraphQL */ `mutation SignUp($input: SignUpInput!) { signUp(input: $input) }`;

let sg: Supergraph;
// A router behind a trusted proxy on loopback, so each request can come from its own client address.
let behindProxy: Awaited<ReturnType<Supergraph['startExtraRouter']>>;

const from = (address: string, query: string, variables: Record<string, unknown>, token?: string) =>
  graphql(`${behindProxy.url}/graphql`, query, variables, token, { 'x-forwarded-for': address });
const logIn = (address: string, email: string, password: string) => from(address, LOG_IN, { input: { email, password } });

beforeAll(async () => {
  sg = await startSupergraph();
  behindProxy = await sg.startExtraRouter({ TRUST_PROXY: 'loopback' });
  await sg.request(SIGN_UP, { input: { email: 'owner@example.com', username: 'owner', password: 'the right password' } });
});
afterAll(async () => {
  await behindProxy?.stop();
  await sg?.stop();
});

describe('the log-in throttle', () => {
  it('hold an attacker hammering an account, while its owner logs in from elsewhere', async () => {
    const attacker = '203.0.113.66';
    const codes: unknown[] = [];
    for (let i = 0; i < 8; i++) codes.push(...errorCodes(await logIn(attacker, 'owner@example.com', `guess ${i}`)));
    expect(codes).toEqual([...Array(3).fill('UNAUTHENTICATED'), ...Array(5).fill('TOO_MANY_REQUESTS')]);
    expect(errorCodes(await logIn('198.51.100.7', 'owner@example.com', 'the right password'))).toEqual([]);
    expect(errorCodes(await logIn(attacker, 'owner@example.com', 'the right password'))).toEqual(['TOO_MANY_REQUESTS']);
  });
});

describe('devices and logout', () => {
  const ME = /* GraphQL */ `query Me { me { username } }`;
  const REFRESH = /* GraphQL */ `mutation Refresh($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken } }`;

  it('refuses an access token used after logOutEverywhere', async () => {
    const login = (await logIn('198.51.100.8', 'owner@example.com', 'the right password')).data?.logIn;
    expect((await sg.request(ME, {}, login.accessToken)).data).toEqual({ me: { username: 'owner' } });
    expect((await sg.request(/* GraphQL */ `mutation Out { logOutEverywhere }`, {}, login.accessToken)).data).toEqual({ logOutEverywhere: true });
    const after = await sg.request(ME, {}, login.accessToken);
    expect(errorCodes(after)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await sg.request(REFRESH, { t: login.refreshToken }))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses, within 5 s, a token the router already knows, on a query only the gyms service answers', async () => {
    const login = (await logIn('198.51.100.14', 'owner@example.com', 'the right password')).data?.logIn;
    const GRADES = /* GraphQL */ `query Grades { gradeSystems { name } }`;
    expect(errorCodes(await sg.request(GRADES, {}, login.accessToken))).toEqual([]);
    expect((await sg.request(/* GraphQL */ `mutation Out { logOutEverywhere }`, {}, login.accessToken)).data).toEqual({ logOutEverywhere: true });
    const refused = await within5s(async () => {
      const res = await sg.request(GRADES, {}, login.accessToken);
      return res.status === 401 && errorCodes(res).join() === 'UNAUTHENTICATED';
    });
    expect(refused).toBe(true);
  });

  it("labels a device by the client's User-Agent, which the router passes on", async () => {
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
    const input = { email: 'owner@example.com', password: 'the right password' };
    const login = (await graphql(sg.url, LOG_IN, { input }, undefined, { 'user-agent': firefox })).data?.logIn;
    const devices = await sg.request(/* GraphQL */ `query Devices { me { devices { label current } } }`, {}, login.accessToken);
    expect(devices.data?.me.devices.filter((d: { current: boolean }) => d.current)).toEqual([{ label: 'Firefox on Linux', current: true }]);
  });

  it('keeps a client that refreshes twice at once logged in', async () => {
    const login = (await logIn('198.51.100.9', 'owner@example.com', 'the right password')).data?.logIn;
    const [a, b] = await Promise.all([sg.request(REFRESH, { t: login.refreshToken }), sg.request(REFRESH, { t: login.refreshToken })]);
    expect([errorCodes(a), errorCodes(b)]).toEqual([[], []]);
    expect(a.data?.refreshToken.refreshToken).toBe(b.data?.refreshToken.refreshToken);
    expect((await sg.request(ME, {}, b.data?.refreshToken.accessToken)).data).toEqual({ me: { username: 'owner' } });
  });

  it('keeps the revocation feed out of the API', async () => {
    const feed = await sg.request(/* GraphQL */ `query Feed { _tokenRevocations { asOf } }`);
    expect(errorCodes(feed)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('email', () => {
  it('answers a sign-up with a registered email exactly like one with a new email (no enumeration)', async () => {
    const taken = await sg.request(SIGN_UP, { input: { email: 'Owner@Example.com', username: 'prober', password: 'prober password' } });
    const fresh = await sg.request(SIGN_UP, { input: { email: 'newcomer@example.com', username: 'newcomer', password: 'prober password' } });
    expect(taken).toEqual(fresh);
    expect(fresh).toEqual({ status: 200, data: { signUp: true } });
    // Nothing was created for the registered address: the prober's password does not log in to it.
    expect(errorCodes(await logIn('198.51.100.21', 'owner@example.com', 'prober password'))).toEqual(['UNAUTHENTICATED']);
  });

  it('answers a password reset request the same whether or not the email has an account', async () => {
    const REQUEST = /* GraphQL */ `mutation RequestReset($email: String!) { requestPasswordReset(input: { email: $email }) }`;
    const known = await sg.request(REQUEST, { email: 'owner@example.com' });
    const unknown = await sg.request(REQUEST, { email: 'nobody@example.com' });
    expect(known).toEqual(unknown);
    expect(known.data).toEqual({ requestPasswordReset: true });
  });

  it('reports whether the address is verified, and refuses a bad verification token naming the field', async () => {
    const login = (await logIn('198.51.100.10', 'owner@example.com', 'the right password')).data?.logIn;
    expect((await sg.request(/* GraphQL */ `query Me { me { emailVerified } }`, {}, login.accessToken)).data).toEqual({ me: { emailVerified: false } });
    const bad = await sg.request(/* GraphQL */ `mutation Verify { verifyEmail(input: { token: "nope" }) { id } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.token' });
  });
});

describe('administration and erasure', () => {
  it('disables a user: their access token stops and the right password is refused', async () => {
    const admin = (await logIn('198.51.100.11', DEMO_ACCOUNTS.admin.email, DEMO_PASSWORD)).data?.logIn;
    const user = await sg.build.user({ username: 'soongone', password: 'long enough pass' });
    const id = (await sg.request(/* GraphQL */ `query Me { me { id } }`, {}, user.accessToken)).data?.me.id;
    const DISABLE = /* GraphQL */ `mutation Disable($id: ID!) { disableUser(input: { userId: $id }) { id } }`;
    expect(errorCodes(await sg.request(DISABLE, { id }, user.accessToken))).toEqual(['FORBIDDEN']);
    expect((await sg.request(DISABLE, { id }, admin.accessToken)).data).toEqual({ disableUser: { id } });
    expect(errorCodes(await sg.request(/* GraphQL */ `query Me { me { id } }`, {}, user.accessToken))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await logIn('198.51.100.12', 'soongone@example.com', 'long enough pass'))).toEqual(['FORBIDDEN']);
  });

  it('a role taken away: the old token can no longer create a gym, through the router or at the gyms service itself', async () => {
    const admin = (await logIn('198.51.100.15', DEMO_ACCOUNTS.admin.email, DEMO_PASSWORD)).data?.logIn;
    const promoted = await sg.build.user({ username: 'demoted' });
    const SET_ROLE = /* GraphQL */ `mutation SetRole($id: ID!, $role: Role!) { setUserRole(input: { userId: $id, role: $role }) { role } }`;
    expect((await sg.request(SET_ROLE, { id: promoted.user.id, role: 'ADMIN' }, admin.accessToken)).data).toEqual({ setUserRole: { role: 'ADMIN' } });
    const token = (await logIn('198.51.100.16', `${promoted.user.username}@example.com`, TEST_PASSWORD)).data?.logIn.accessToken;
    const system = await sg.build.gradeSystem(token);
    const gymInput = () => ({ input: { name: `Gym ${Math.random()}`, address: '1 Road', city: 'Leeds', country: 'United Kingdom', latitude: 53.8, longitude: -1.55, gradeSystemId: system.id } });
    const CREATE_GYM = /* GraphQL */ `mutation CreateGym($input: CreateGymInput!) { createGym(input: $input) { id } }`;
    const gyms = `${sg.services.gyms.url}/graphql`;
    const atGyms = () => graphql(gyms, CREATE_GYM, gymInput(), token, { [SUBGRAPH_SECRET_HEADER]: sg.subgraphSecret });
    expect(errorCodes(await atGyms())).toEqual([]);
    expect((await sg.request(SET_ROLE, { id: promoted.user.id, role: 'CLIMBER' }, admin.accessToken)).data).toEqual({ setUserRole: { role: 'CLIMBER' } });
    expect(await within5s(async () => errorCodes(await atGyms()).join() === 'UNAUTHENTICATED')).toBe(true);
    expect(await within5s(async () => errorCodes(await sg.request(CREATE_GYM, gymInput(), token)).join() === 'UNAUTHENTICATED')).toBe(true);
  });

  it('deletes an account with its password', async () => {
    const user = await sg.build.user({ username: 'leaving', password: 'long enough pass' });
    const DELETE = /* GraphQL */ `mutation Delete($pw: String!) { deleteAccount(input: { password: $pw }) }`;
    expect(errorCodes(await sg.request(DELETE, { pw: 'wrong password' }, user.accessToken))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await sg.request(DELETE, { pw: 'long enough pass' }, user.accessToken))).toEqual([]);
    expect(errorCodes(await logIn('198.51.100.13', 'leaving@example.com', 'long enough pass'))).toEqual(['UNAUTHENTICATED']);
  });
});
