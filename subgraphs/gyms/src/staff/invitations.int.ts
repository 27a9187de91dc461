import { dataOf, errorCodes, errorField } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';
import { INVITATIONS, MAX_OPEN_INVITATIONS } from './invitations';

let t: GymsUnderTest;
let systemId: string;
beforeAll(async () => {
  t = await startGymsUnderTest('staff_invitations');
  systemId = (await t.build.gradeSystem(t.tokens.admin)).id;
});
afterAll(() => t?.stop());

const newGym = async () => (await t.build.gym(t.tokens.admin, { gradeSystemId: systemId })).id;

const FIELDS = 'id login role status gym { id } invitedBy { id } expiresAt respondedAt';
const INVITE = `mutation ($input: InviteGymStaffInput!) { inviteGymStaff(input: $input) { ${FIELDS} } }`;
const ACCEPT = `mutation ($id: ID!) { acceptGymStaffInvitation(id: $id) { user { id } gym { id } role } }`;
const DECLINE = `mutation ($id: ID!) { declineGymStaffInvitation(id: $id) { id status } }`;
const CANCEL = `mutation ($id: ID!) { cancelGymStaffInvitation(id: $id) { id status } }`;
const MINE = `query ($first: Int, $after: String) { myStaffInvitations(first: $first, after: $after) { edges { node { id login role status gym { id } } } pageInfo { hasNextPage endCursor } } }`;
const OF_GYM = `query ($id: ID!, $status: GymStaffInvitationStatus, $first: Int, $after: String) { gym(id: $id) { staffInvitations(status: $status, first: $first, after: $after) { edges { node { id login status } } pageInfo { hasNextPage endCursor } } } }`;

type Invitation = { id: string; login: string; role: string; status: string; gym: { id: string }; invitedBy: { id: string }; expiresAt: string; respondedAt: string | null };
const invite = async (gymId: string, login: string, token: string, role = 'SETTER') => dataOf(await t.gql(INVITE, { input: { gymId, login, role } }, token))['inviteGymStaff'] as Invitation;
const mine = async (token: string) => (dataOf(await t.gql(MINE, {}, token))['myStaffInvitations'].edges as { node: { id: string } }[]).map((e) => e.node);
const ofGym = async (gymId: string, status = 'PENDING', token = t.tokens.admin) =>
  (dataOf(await t.gql(OF_GYM, { id: gymId, status, first: 100 }, token))['gym'].staffInvitations.edges as { node: { id: string; login: string; status: string } }[]).map((e) => e.node);

describe('inviteGymStaff', () => {
  it('invites by username: PENDING for 14 days, seen by the invitee, who accepts and is staff with the role', async () => {
    const gymId = await newGym();
    const owner = await t.staff(gymId, 'OWNER');
    const member = await t.account();
    const sent = await invite(gymId, member.username.toUpperCase(), owner.token, 'HEAD_SETTER');
    expect({ ...sent, id: 'id', expiresAt: 'at' }).toEqual({
      id: 'id',
      login: member.username.toUpperCase(),
      role: 'HEAD_SETTER',
      status: 'PENDING',
      gym: { id: gymId },
      invitedBy: { id: owner.id },
      expiresAt: 'at',
      respondedAt: null,
    });
    const days = (Date.parse(sent.expiresAt) - Date.now()) / 86_400_000;
    expect(days > 13.9 && days <= 14).toBe(true);
    expect(await mine(member.token)).toEqual([{ id: sent.id, login: sent.login, role: 'HEAD_SETTER', status: 'PENDING', gym: { id: gymId } }]);
    expect(dataOf(await t.gql(ACCEPT, { id: sent.id }, member.token))).toEqual({ acceptGymStaffInvitation: { user: { id: member.id }, gym: { id: gymId }, role: 'HEAD_SETTER' } });
    expect(await mine(member.token)).toEqual([]);
    expect(await ofGym(gymId, 'ACCEPTED', owner.token)).toEqual([{ id: sent.id, login: sent.login, status: 'ACCEPTED' }]);
    // Accepting twice is an error on the id, not a second membership.
    expect([errorCodes(await t.gql(ACCEPT, { id: sent.id }, member.token)), errorField(await t.gql(ACCEPT, { id: sent.id }, member.token))]).toEqual([['BAD_USER_INPUT'], 'id']);
  });

  it('answers an email the same whether or not a verified account has it; only that account sees it', async () => {
    const gymId = await newGym();
    const owner = await t.staff(gymId, 'OWNER');
    const member = await t.account();
    const unverified = await t.account({ emailVerified: false });
    const shape = ({ login, role, status, respondedAt }: Invitation) => ({ login: login.replace(/^.{2}/, '..'), role, status, respondedAt });
    const known = await invite(gymId, `${member.username}@example.com`, owner.token);
    const nobody = await invite(gymId, 'mb_nobody@example.com', owner.token);
    const notVerified = await invite(gymId, `${unverified.username}@Example.com`, owner.token);
    expect([shape(known), shape(nobody), shape(notVerified)]).toEqual([
      { login: '..***@example.com', role: 'SETTER', status: 'PENDING', respondedAt: null },
      { login: '..***@example.com', role: 'SETTER', status: 'PENDING', respondedAt: null },
      { login: '..***@Example.com', role: 'SETTER', status: 'PENDING', respondedAt: null },
    ]);
    expect((await mine(member.token)).map((i) => i.id)).toEqual([known.id]);
    // An address its holder has not proven is never bound: they do not see the invitation.
    expect(await mine(unverified.token)).toEqual([]);
    expect(errorCodes(await t.gql(ACCEPT, { id: notVerified.id }, unverified.token))).toEqual(['NOT_FOUND']);
  });

  it('answers the open invitation of a login again (idempotent); refuses a username unknown or already staff', async () => {
    const gymId = await newGym();
    const owner = await t.staff(gymId, 'OWNER');
    const member = await t.account();
    const first = await invite(gymId, member.username, owner.token, 'SETTER');
    expect(await invite(gymId, member.username.toUpperCase(), owner.token, 'OWNER')).toEqual(first);
    const byEmail = await invite(gymId, 'Someone@Example.com', owner.token);
    expect((await invite(gymId, 'someone@example.com', owner.token)).id).toBe(byEmail.id);
    expect((await ofGym(gymId)).map((i) => i.id).sort()).toEqual([first.id, byEmail.id].sort());
    const unknown = await t.gql(INVITE, { input: { gymId, login: 'no_such_user', role: 'SETTER' } }, owner.token);
    expect([errorCodes(unknown), errorField(unknown)]).toEqual([['BAD_USER_INPUT'], 'input.login']);
    const staff = await t.gql(INVITE, { input: { gymId, login: owner.username, role: 'SETTER' } }, owner.token);
    expect([errorCodes(staff), errorField(staff)]).toEqual([['BAD_USER_INPUT'], 'input.login']);
    const bad = await t.gql(INVITE, { input: { gymId, login: 'not@an@email', role: 'SETTER' } }, owner.token);
    expect([errorCodes(bad), errorField(bad)]).toEqual([['BAD_USER_INPUT'], 'input.login']);
  });

  it('leaves the invitee’s email invitation open when they accept another: the owner never learns whose the email is', async () => {
    const gymId = await newGym();
    const owner = await t.staff(gymId, 'OWNER');
    const member = await t.account();
    const byName = await invite(gymId, member.username, owner.token);
    const byEmail = await invite(gymId, `${member.username}@example.com`, owner.token);
    expect((await mine(member.token)).map((i) => i.id)).toEqual([byEmail.id, byName.id]);
    dataOf(await t.gql(ACCEPT, { id: byName.id }, member.token));
    expect(await ofGym(gymId, 'ACCEPTED', owner.token)).toEqual([{ id: byName.id, login: byName.login, status: 'ACCEPTED' }]);
    expect(await ofGym(gymId, 'PENDING', owner.token)).toEqual([{ id: byEmail.id, login: byEmail.login, status: 'PENDING' }]);
    // The invitee still has it, and answering it says why it cannot be accepted.
    expect((await mine(member.token)).map((i) => i.id)).toEqual([byEmail.id]);
    const again = await t.gql(ACCEPT, { id: byEmail.id }, member.token);
    expect([errorCodes(again), errorField(again), again.errors?.[0]?.message]).toEqual([['BAD_USER_INPUT'], 'id', expect.stringContaining("on the gym's staff already")]);
    expect(dataOf(await t.gql(DECLINE, { id: byEmail.id }, member.token))).toEqual({ declineGymStaffInvitation: { id: byEmail.id, status: 'DECLINED' } });
  });

  it(`holds at most ${MAX_OPEN_INVITATIONS} open invitations a gym, and ${INVITATIONS.max} sent in 24 hours`, async () => {
    const gymId = await newGym();
    const owner = await t.staff(gymId, 'OWNER');
    const sent: string[] = [];
    for (let i = 0; i < MAX_OPEN_INVITATIONS; i++) sent.push((await invite(gymId, `cap${i}@example.com`, owner.token)).id);
    const full = await t.gql(INVITE, { input: { gymId, login: 'one.more@example.com', role: 'SETTER' } }, owner.token);
    expect([errorCodes(full), errorField(full)]).toEqual([['BAD_USER_INPUT'], 'input.gymId']);
    const page = dataOf(await t.gql(OF_GYM, { id: gymId, first: 30 }, owner.token))['gym'].staffInvitations;
    const next = dataOf(await t.gql(OF_GYM, { id: gymId, first: 30, after: page.pageInfo.endCursor }, owner.token))['gym'].staffInvitations;
    expect([page.edges.length, page.pageInfo.hasNextPage, next.edges.length, next.pageInfo.hasNextPage]).toEqual([30, true, 20, false]);
    expect(new Set([...page.edges, ...next.edges].map((e: { node: { id: string } }) => e.node.id)).size).toBe(MAX_OPEN_INVITATIONS);
    // Cancelled ones free their place, but every invitation sent counts toward the day's limit.
    for (const id of sent) dataOf(await t.gql(CANCEL, { id }, owner.token));
    for (let i = 0; i < INVITATIONS.max - MAX_OPEN_INVITATIONS; i++) dataOf(await t.gql(CANCEL, { id: (await invite(gymId, `day${i}@example.com`, owner.token)).id }, owner.token));
    const tooMany = await t.gql(INVITE, { input: { gymId, login: 'late@example.com', role: 'SETTER' } }, owner.token);
    expect(errorCodes(tooMany)).toEqual(['TOO_MANY_REQUESTS']);
    expect(tooMany.errors?.[0]?.extensions?.['reason']).toBe('STAFF_INVITATIONS');
  });
});

describe('answering and cancelling', () => {
  it('lets the invitee alone accept or decline (NOT_FOUND for anyone else); a declined or cancelled one is closed', async () => {
    const gymId = await newGym();
    const owner = await t.staff(gymId, 'OWNER');
    const member = await t.account();
    const other = await t.account();
    const sent = await invite(gymId, member.username, owner.token);
    for (const token of [other.token, owner.token, t.tokens.admin]) {
      expect(errorCodes(await t.gql(ACCEPT, { id: sent.id }, token))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(DECLINE, { id: sent.id }, token))).toEqual(['NOT_FOUND']);
    }
    expect(dataOf(await t.gql(DECLINE, { id: sent.id }, member.token))).toEqual({ declineGymStaffInvitation: { id: sent.id, status: 'DECLINED' } });
    const late = await t.gql(ACCEPT, { id: sent.id }, member.token);
    expect([errorCodes(late), errorField(late)]).toEqual([['BAD_USER_INPUT'], 'id']);
    const cancelled = await invite(gymId, member.username, owner.token);
    expect(cancelled.id).not.toBe(sent.id);
    expect(dataOf(await t.gql(CANCEL, { id: cancelled.id }, owner.token))).toEqual({ cancelGymStaffInvitation: { id: cancelled.id, status: 'CANCELLED' } });
    expect(errorField(await t.gql(CANCEL, { id: cancelled.id }, owner.token))).toBe('id');
    expect(errorCodes(await t.gql(ACCEPT, { id: cancelled.id }, member.token))).toEqual(['BAD_USER_INPUT']);
    expect(await mine(member.token)).toEqual([]);
    expect(errorCodes(await t.gql(CANCEL, { id: '7d7a2c9e-0000-4000-8000-000000000000' }, owner.token))).toEqual(['NOT_FOUND']);
  });

  it('refuses an expired invitation on id, lists it EXPIRED, and sends a new one for the same login', async () => {
    const gymId = await newGym();
    const owner = await t.staff(gymId, 'OWNER');
    const member = await t.account();
    // Sent 15 days ago, as the service's clock has it (expiry is stamped from it).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 15 * 86_400_000);
    const sent = await invite(gymId, member.username, owner.token).finally(() => vi.useRealTimers());
    const accept = await t.gql(ACCEPT, { id: sent.id }, member.token);
    expect([errorCodes(accept), errorField(accept), accept.errors?.[0]?.message]).toEqual([['BAD_USER_INPUT'], 'id', expect.stringContaining('expired')]);
    expect(await mine(member.token)).toEqual([]);
    expect(await ofGym(gymId, 'EXPIRED')).toEqual([{ id: sent.id, login: member.username, status: 'EXPIRED' }]);
    const again = await invite(gymId, member.username, owner.token);
    expect(again.id).not.toBe(sent.id);
    expect((await ofGym(gymId, 'EXPIRED')).map((i) => i.id)).toEqual([sent.id]);
    expect((await mine(member.token)).map((i) => i.id)).toEqual([again.id]);
  });

  it('decides expiry on one clock, the service’s: the lists, the status and cancelling agree', async () => {
    const gymId = await newGym();
    const owner = await t.staff(gymId, 'OWNER');
    const member = await t.account();
    // The service's clock 15 days behind the database's: the invitation is open by the service's.
    // (Embedded PGlite reads the process's faked clock too: the clocks differ only on Postgres.)
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 15 * 86_400_000);
    try {
      const sent = await invite(gymId, member.username, owner.token);
      expect(await ofGym(gymId, 'PENDING', owner.token)).toEqual([{ id: sent.id, login: member.username, status: 'PENDING' }]);
      expect(await ofGym(gymId, 'EXPIRED', owner.token)).toEqual([]);
      expect((await mine(member.token)).map((i) => i.id)).toEqual([sent.id]);
      expect(dataOf(await t.gql(CANCEL, { id: sent.id }, owner.token))).toEqual({ cancelGymStaffInvitation: { id: sent.id, status: 'CANCELLED' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the caps when accepting: a full gym refuses on id', async () => {
    const gymId = await newGym();
    const owner = await t.staff(gymId, 'OWNER');
    const member = await t.account();
    const sent = await invite(gymId, member.username, owner.token);
    for (let i = 0; i < 49; i++) await t.staff(gymId, 'SETTER');
    const full = await t.gql(ACCEPT, { id: sent.id }, member.token);
    expect([errorCodes(full), errorField(full)]).toEqual([['BAD_USER_INPUT'], 'id']);
    expect((await mine(member.token)).map((i) => i.id)).toEqual([sent.id]);
  });
});

describe('statements', () => {
  it('lists the invitations of many gyms in one statement, and an invitee’s in one', async () => {
    const gymIds = [await newGym(), await newGym(), await newGym()];
    const member = await t.account();
    for (const gymId of gymIds) await invite(gymId, member.username, t.tokens.admin);
    const query = (ids: string[]) => `{ ${ids.map((id, i) => `g${i}: gym(id: "${id}") { staffInvitations { edges { node { id gym { id } } } } }`).join(' ')} }`;
    const invitationStatements = () => t.statements.filter((s) => s.includes('gym_staff_invitation')).length;
    t.resetStatements();
    dataOf(await t.gql(query(gymIds.slice(0, 1)), {}, t.tokens.admin));
    const one = [t.statements.length, invitationStatements()];
    t.resetStatements();
    dataOf(await t.gql(query(gymIds), {}, t.tokens.admin));
    expect([t.statements.length, invitationStatements()]).toEqual(one);
    t.resetStatements();
    expect(await mine(member.token)).toHaveLength(3);
    expect(invitationStatements()).toBe(1);
  });
});
