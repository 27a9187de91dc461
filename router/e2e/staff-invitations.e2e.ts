import { dataOf, errorCodes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountStack, Q, startAccountStack, SUBJECT } from './account-stack';

/**
 * Staff invitations through the router (docs/staff.md): an owner invites by username or email, the
 * gyms service asks the users service who the login is (an email only once its holder verified
 * it), the invitee sees and answers, and after accepting their next access token passes the
 * router's staff policy.
 */
describe('staff invitations', () => {
  let stack: AccountStack;
  let admin: string;
  let owner: { accessToken: string; id: string };
  let gym: { gymId: string; grades: { id: string }[] };

  const INVITE = /* GraphQL */ `mutation InviteGymStaff($input: InviteGymStaffInput!) { inviteGymStaff(input: $input) { id login role status } }`;
  const MINE = /* GraphQL */ `query MyStaffInvitations { myStaffInvitations { edges { node { id login role status gym { id name } invitedBy { id username } } } } }`;
  const ACCEPT = /* GraphQL */ `mutation Accept($id: ID!) { acceptGymStaffInvitation(id: $id) { role gym { id } user { username } } }`;
  const DECLINE = /* GraphQL */ `mutation Decline($id: ID!) { declineGymStaffInvitation(id: $id) { status } }`;
  const OF_GYM = /* GraphQL */ `query Invitations($id: ID!, $status: GymStaffInvitationStatus) { gym(id: $id) { staffInvitations(status: $status) { edges { node { id login status } } } } }`;
  const CREATE_ROUTE = /* GraphQL */ `mutation CreateRoute($input: CreateRouteInput!) { createRoute(input: $input) { id gym { id } } }`;
  const VERIFY = /* GraphQL */ `mutation Verify($t: String!, $pw: String) { verifyEmail(input: { token: $t, password: $pw }) { emailVerified } }`;
  const ADD = /* GraphQL */ `mutation AddStaff($input: AddGymStaffInput!) { addGymStaff(input: $input) { role } }`;

  /** A real account that verified its email through the mailed link; its tokens from after. */
  async function verifiedAccount(username: string) {
    const email = `${username}@example.com`;
    const since = stack.mail.received.length;
    const account = await stack.signUp(email, username, 'password-1');
    const verified = await stack.request(VERIFY, { t: await stack.mailedToken(email, SUBJECT.verify, since), pw: 'password-1' });
    expect(dataOf(verified)['verifyEmail']).toEqual({ emailVerified: true });
    // Verifying ends the logins from before it: log in again, as the app would.
    const login = (await stack.logIn(email, 'password-1')).data?.logIn;
    return { id: account.id, accessToken: login.accessToken as string, refreshToken: login.refreshToken as string, email };
  }
  const invite = async (login: string, role = 'SETTER') => dataOf(await stack.request(INVITE, { input: { gymId: gym.gymId, login, role } }, owner.accessToken))['inviteGymStaff'];
  const mine = async (token: string) => dataOf(await stack.request(MINE, {}, token))['myStaffInvitations'].edges.map((e: { node: unknown }) => e.node);

  beforeAll(async () => {
    stack = await startAccountStack();
    admin = (await stack.sg.build.logIn('admin@clmb.dev')).accessToken;
    gym = await stack.sg.build.gymWithRoutes(admin, { slug: 'invitations', routeCount: 1 });
    const signedUp = await stack.signUp('gym.owner@example.com', 'gym_owner', 'password-1');
    dataOf(await stack.request(ADD, { input: { gymId: gym.gymId, login: 'gym_owner', role: 'OWNER' } }, admin));
    // The owner's next token carries the staff claim.
    const login = (await stack.logIn('gym.owner@example.com', 'password-1')).data?.logIn;
    owner = { accessToken: login.accessToken, id: signedUp.id };
  });
  afterAll(() => stack?.stop());

  it('invites by email: the verified invitee sees it, accepts, and with a refreshed token sets a route', async () => {
    const invitee = await verifiedAccount('new_setter_mail');
    const sent = await invite('New_Setter_Mail@example.com');
    expect(sent).toEqual({ id: sent.id, login: 'Ne***@example.com', role: 'SETTER', status: 'PENDING' });
    expect(await mine(invitee.accessToken)).toEqual([
      { id: sent.id, login: 'Ne***@example.com', role: 'SETTER', status: 'PENDING', gym: { id: gym.gymId, name: 'Gym invitations' }, invitedBy: { id: owner.id, username: 'gym_owner' } },
    ]);
    expect(dataOf(await stack.request(ACCEPT, { id: sent.id }, invitee.accessToken))['acceptGymStaffInvitation']).toEqual({
      role: 'SETTER',
      gym: { id: gym.gymId },
      user: { username: 'new_setter_mail' },
    });
    const route = { input: { gymId: gym.gymId, gradeId: gym.grades[0]!.id, colour: 'teal' } };
    // The token from before has no staff claim: the router refuses until the app refreshes it.
    expect(errorCodes(await stack.request(CREATE_ROUTE, route, invitee.accessToken))).toEqual(['FORBIDDEN']);
    const next = dataOf(await stack.request(Q.refresh, { t: invitee.refreshToken }))['refreshToken'].accessToken as string;
    expect(dataOf(await stack.request(CREATE_ROUTE, route, next))['createRoute'].gym).toEqual({ id: gym.gymId });
  });

  it('invites by username; the invitee declines, and the owner sees it DECLINED', async () => {
    const invitee = await verifiedAccount('says_no');
    const sent = await invite('SAYS_NO', 'HEAD_SETTER');
    expect(sent.login).toBe('SAYS_NO');
    expect((await mine(invitee.accessToken)).map((i: { id: string }) => i.id)).toEqual([sent.id]);
    expect(dataOf(await stack.request(DECLINE, { id: sent.id }, invitee.accessToken))).toEqual({ declineGymStaffInvitation: { status: 'DECLINED' } });
    expect(dataOf(await stack.request(OF_GYM, { id: gym.gymId, status: 'DECLINED' }, owner.accessToken))['gym'].staffInvitations.edges).toEqual([
      { node: { id: sent.id, login: 'SAYS_NO', status: 'DECLINED' } },
    ]);
  });

  it('answers an email without an account, or with an unverified one, as one with a verified account; only the verified one is bound', async () => {
    await verifiedAccount('has_mail');
    const unverified = await stack.signUp('not_proven@example.com', 'not_proven', 'password-1');
    const answers = await Promise.all(['has_mail@example.com', 'no_account@example.com', 'not_proven@example.com'].map((login) => stack.request(INVITE, { input: { gymId: gym.gymId, login, role: 'SETTER' } }, owner.accessToken)));
    const shapes = answers.map((answer) => {
      const { id, login, ...rest } = dataOf(answer)['inviteGymStaff'];
      return { errors: answer.errors, status: answer.status, login: login.replace(/^.{2}/, '..'), id: typeof id, ...rest };
    });
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
    expect(await mine(unverified.accessToken)).toEqual([]);
    // A username nobody has is refused (usernames are public).
    const unknown = await stack.request(INVITE, { input: { gymId: gym.gymId, login: 'nobody_by_that_name', role: 'SETTER' } }, owner.accessToken);
    expect([errorCodes(unknown), unknown.errors?.[0]?.extensions?.['field']]).toEqual([['BAD_USER_INPUT'], 'input.login']);
  });
});
