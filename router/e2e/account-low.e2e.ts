import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@clmb/common';
import { errorCodes, LOG_IN } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountStack, Q, startAccountStack } from './account-stack';

let stack: AccountStack;
let admin: { accessToken: string; id: string };

beforeAll(async () => {
  stack = await startAccountStack();
  const login = (await stack.logIn(DEMO_ACCOUNTS.admin.email, DEMO_PASSWORD)).data?.logIn;
  admin = { accessToken: login.accessToken, id: login.user.id };
});
afterAll(() => stack?.stop());

const PASSWORD = 'a password of mine';
const DISABLE = /* GraphQL */ `mutation Disable($id: ID!) { disableUser(input: { userId: $id }) { id } }`;

describe("a user's public updatedAt", () => {
  const UPDATED = /* GraphQL */ `query Updated($id: ID!) { user(id: $id) { updatedAt } }`;
  const DEVICES = /* GraphQL */ `query Devices { me { devices { id current } } }`;
  const REVOKE = /* GraphQL */ `mutation Revoke($id: ID!) { revokeDevice(input: { id: $id }) }`;

  it('moves on a change of the public profile only, not on account events', async () => {
    const first = await stack.signUp('quiet@example.com', 'quiet', PASSWORD);
    const updatedAt = async () => (await stack.request(UPDATED, { id: first.id })).data?.user.updatedAt;
    const before = await updatedAt();
    // Each event from a login of its own, so that none depends on another's revocation.
    const fresh = async (password = PASSWORD) => (await stack.logIn('quiet@example.com', password)).data?.logIn.accessToken;
    const events: [string, () => Promise<unknown>][] = [
      [
        'revokeDevice',
        async () => {
          const token = await fresh();
          const devices = (await stack.request(DEVICES, {}, token)).data?.me.devices;
          return stack.request(REVOKE, { id: devices.find((d: { current: boolean }) => !d.current).id }, token);
        },
      ],
      ['changePassword', async () => stack.request(Q.changePassword, { old: PASSWORD, pw: 'another password' }, await fresh())],
      ['resetPassword', () => stack.resetPassword('quiet@example.com', PASSWORD)],
      ['logOutEverywhere', async () => stack.request(Q.logOutEverywhere, {}, await fresh())],
      ['setUserRole', () => stack.request(Q.setRole, { id: first.id, role: 'ADMIN' }, admin.accessToken)],
      ['disableUser', () => stack.request(DISABLE, { id: first.id }, admin.accessToken)],
    ];
    for (const [name, event] of events) {
      expect([name, errorCodes((await event()) as never)]).toEqual([name, []]);
      expect([name, await updatedAt()]).toEqual([name, before]);
    }
  });

  it('moves when the username changes, and only then', async () => {
    const login = await stack.signUp('loud@example.com', 'loud', PASSWORD);
    const before = (await stack.request(UPDATED, { id: login.id })).data?.user.updatedAt;
    const UPDATE = /* GraphQL */ `mutation Update($name: String!) { updateProfile(input: { username: $name, lastName: null }) { username } }`;
    expect(errorCodes(await stack.request(UPDATE, { name: 'loud' }, login.accessToken))).toEqual([]);
    expect((await stack.request(UPDATED, { id: login.id })).data?.user.updatedAt).toBe(before);
    expect(errorCodes(await stack.request(UPDATE, { name: 'louder' }, login.accessToken))).toEqual([]);
    const after = (await stack.request(UPDATED, { id: login.id })).data?.user.updatedAt;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
  });
});

describe('an email that lower-cases to more than 255 characters', () => {
  // "İ" lower-cases to two characters ("i" and a combining dot): 255 of them become 510.
  const long = 'İ'.repeat(255);

  it('is refused as BAD_USER_INPUT wherever an address is taken, never a masked 500', async () => {
    const login = await stack.signUp('dotted@example.com', 'dotted', PASSWORD);
    const answers = {
      requestPasswordReset: await stack.request(Q.requestReset, { email: long }),
      signUp: await stack.request(Q.signUp, { input: { email: long, username: 'dotty', password: PASSWORD } }),
      changeEmail: await stack.request(Q.changeEmail, { e: long, pw: PASSWORD }, login.accessToken),
    };
    for (const [name, answer] of Object.entries(answers)) expect([name, answer.status, errorCodes(answer)]).toEqual([name, 200, ['BAD_USER_INPUT']]);
  });

  it('fails a log-in like any unknown address', async () => {
    const answer = await stack.request(LOG_IN, { input: { email: long, password: PASSWORD } });
    expect([answer.status, errorCodes(answer)]).toEqual([200, ['UNAUTHENTICATED']]);
  });
});

describe('administration', () => {
  it('refuses to demote the last admin, with its own reason', async () => {
    const refused = await stack.request(Q.setRole, { id: admin.id, role: 'CLIMBER' }, admin.accessToken);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LAST_ADMIN' });
    expect((await stack.request(Q.me, {}, admin.accessToken)).data?.me.id).toBe(admin.id);
  });

  it('lets an admin step down once another admin exists', async () => {
    const deputy = await stack.signUp('deputy@example.com', 'deputy', PASSWORD);
    expect((await stack.request(Q.setRole, { id: deputy.id, role: 'ADMIN' }, admin.accessToken)).data).toEqual({ setUserRole: { id: deputy.id, role: 'ADMIN' } });
    const token = (await stack.logIn('deputy@example.com', PASSWORD)).data?.logIn.accessToken;
    expect((await stack.request(Q.setRole, { id: deputy.id, role: 'CLIMBER' }, token)).data).toEqual({ setUserRole: { id: deputy.id, role: 'CLIMBER' } });
  });

  it('refuses an admin disabling themself, whatever the case of the id', async () => {
    const refused = await stack.request(DISABLE, { id: admin.id.toUpperCase() }, admin.accessToken);
    expect(errorCodes(refused)).toEqual(['NOT_FOUND']);
    expect(errorCodes(await stack.request(Q.me, {}, admin.accessToken))).toEqual([]);
  });

  it('refuses the last admin deleting their own account, with its own reason', async () => {
    const DELETE = /* GraphQL */ `mutation Delete($pw: String!) { deleteAccount(input: { password: $pw }) }`;
    const refused = await stack.request(DELETE, { pw: DEMO_PASSWORD }, admin.accessToken);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LAST_ADMIN' });
    expect((await stack.request(Q.me, {}, admin.accessToken)).data?.me.id).toBe(admin.id);
  });

  // Last, as it demotes the demo admin.
  it('of two last admins demoting each other at once, one stays ADMIN', async () => {
    const [a, b] = [await stack.signUp('ann@example.com', 'ann', PASSWORD), await stack.signUp('ben@example.com', 'ben', PASSWORD)];
    for (const { id } of [a, b]) expect(errorCodes(await stack.request(Q.setRole, { id, role: 'ADMIN' }, admin.accessToken))).toEqual([]);
    const [ann, ben] = [(await stack.logIn('ann@example.com', PASSWORD)).data?.logIn, (await stack.logIn('ben@example.com', PASSWORD)).data?.logIn];
    expect(errorCodes(await stack.request(Q.setRole, { id: admin.id, role: 'CLIMBER' }, ann.accessToken))).toEqual([]);
    const answers = await Promise.all([
      stack.request(Q.setRole, { id: b.id, role: 'CLIMBER' }, ann.accessToken),
      stack.request(Q.setRole, { id: a.id, role: 'CLIMBER' }, ben.accessToken),
    ]);
    expect(answers.filter((answer) => errorCodes(answer).length === 0)).toHaveLength(1);
    const roles = [];
    for (const email of ['ann@example.com', 'ben@example.com']) roles.push((await stack.logIn(email, PASSWORD)).data?.logIn.user.role);
    expect(roles.sort()).toEqual(['ADMIN', 'CLIMBER']);
  });
});
