import { DEMO_ACCOUNTS, SUBGRAPH_SECRET_HEADER } from '@clmb/common';
import { errorCodes, graphql, TEST_PASSWORD } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';
import { within5s } from './within';

// A device is the unit of logout: logging one out ends its access tokens at the router and at
// every subgraph within seconds, and no other device's.

const ME = /* GraphQL */ `query Me { me { username } }`;
const DEVICES = /* GraphQL */ `query Devices { me { devices { id current } } }`;
const LOG_OUT = /* GraphQL */ `mutation LogOut($t: String!) { logOut(input: { refreshToken: $t }) }`;
const REFRESH = /* GraphQL */ `mutation Refresh($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken } }`;
const REVOKE = /* GraphQL */ `mutation Revoke($id: ID!) { revokeDevice(input: { id: $id }) }`;
const CREATE_GYM = /* GraphQL */ `mutation CreateGym($input: CreateGymInput!) { createGym(input: $input) { id } }`;

let sg: Supergraph;
let gradeSystemId: string;

beforeAll(async () => {
  sg = await startSupergraph();
  gradeSystemId = (await sg.build.gradeSystem((await sg.build.logIn(DEMO_ACCOUNTS.admin.email)).accessToken)).id;
});
afterAll(() => sg?.stop());

const gymInput = () => ({
  input: { name: `Gym ${Math.random()}`, address: '1 Road', city: 'Leeds', country: 'United Kingdom', latitude: 53.8, longitude: -1.55, gradeSystemId },
});
const asSubgraph = (name: 'users' | 'gyms') => (query: string, variables: Record<string, unknown>, token: string) =>
  graphql(`${sg.services[name].url}/graphql`, query, variables, token, { [SUBGRAPH_SECRET_HEADER]: sg.subgraphSecret });
/** Each place that checks an access token: the router, and each subgraph asked directly. */
const checks = {
  router: (token: string) => sg.request(ME, {}, token),
  users: (token: string) => asSubgraph('users')(ME, {}, token),
  gyms: (token: string) => asSubgraph('gyms')(CREATE_GYM, gymInput(), token),
};
const refusedEverywhere = (token: string) =>
  within5s(async () => {
    const answers = await Promise.all(Object.values(checks).map((check) => check(token)));
    return answers.every((res) => res.status === 401 && errorCodes(res).join() === 'UNAUTHENTICATED');
  });
const acceptedEverywhere = async (token: string) =>
  Object.fromEntries(await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, errorCodes(await check(token))])));

describe('logOut', () => {
  it("ends this device's access token at the router and at both subgraphs within 5 s", async () => {
    const login = await sg.build.logIn(DEMO_ACCOUNTS.admin.email);
    expect(await acceptedEverywhere(login.accessToken)).toEqual({ router: [], users: [], gyms: [] });
    expect((await sg.request(LOG_OUT, { t: login.refreshToken })).data).toEqual({ logOut: true });
    expect(await refusedEverywhere(login.accessToken)).toBe(true);
  });

  it("leaves the user's other devices logged in", async () => {
    const kept = await sg.build.user({ username: 'twodevices' });
    const leaving = await sg.build.logIn('twodevices@example.com', TEST_PASSWORD);
    expect((await sg.request(LOG_OUT, { t: leaving.refreshToken })).data).toEqual({ logOut: true });
    expect(await refusedEverywhere(leaving.accessToken)).toBe(true);
    expect((await sg.request(ME, {}, kept.accessToken)).data).toEqual({ me: { username: 'twodevices' } });
  });
});

describe('revokeDevice', () => {
  it("ends the other device's access token within 5 s and leaves the caller's own working", async () => {
    const mine = await sg.build.logIn(DEMO_ACCOUNTS.admin.email);
    const other = await sg.build.logIn(DEMO_ACCOUNTS.admin.email);
    const otherId = (await sg.request(DEVICES, {}, other.accessToken)).data?.me.devices.find((d: { current: boolean }) => d.current)?.id;
    // A refresh keeps the device: the renewed access token is the device's as much as the first one.
    const renewed = (await sg.request(REFRESH, { t: other.refreshToken })).data?.refreshToken.accessToken;
    expect(await acceptedEverywhere(renewed)).toEqual({ router: [], users: [], gyms: [] });
    expect((await sg.request(REVOKE, { id: otherId }, mine.accessToken)).data).toEqual({ revokeDevice: otherId });
    expect(await refusedEverywhere(other.accessToken)).toBe(true);
    expect(await refusedEverywhere(renewed)).toBe(true);
    // Every verifier has taken the revocation in by now; the caller's token still reads and writes.
    expect(await acceptedEverywhere(mine.accessToken)).toEqual({ router: [], users: [], gyms: [] });
    expect((await sg.request(ME, {}, mine.accessToken)).data).toEqual({ me: { username: 'admin' } });
  });
});
