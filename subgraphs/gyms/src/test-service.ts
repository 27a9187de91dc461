import { randomBytes } from 'node:crypto';
import { type Builders, builders, dataOf, type ServiceUnderTest, type SigningKeys, startServiceUnderTest } from '@clmb/testkit';
import { loadConfig } from './config';
import { type Service, startService } from './service';
import type { StaffRole } from './staff/access';
import { startFakeUsers } from './staff/fake-users';

export interface GymsUnderTest extends ServiceUnderTest<Service> {
  /** Tokens of the fixed test user of each role; an ADMIN builds the catalogue (grade systems, gyms). */
  tokens: { climber: string; admin: string };
  /** Fixture builders over this service's API. */
  build: Builders;
  /**
   * A new user the ADMIN puts on the gym's staff with `role` (through addGymStaff, by username):
   * their id, username and access token.
   */
  staff(gymId: string, role: StaffRole): Promise<{ id: string; username: string; token: string }>;
  /**
   * A user the users service knows (by username or `<username>@example.com`, verified unless
   * `emailVerified: false`) but no gym has on staff.
   */
  account(options?: { emailVerified?: boolean }): Promise<{ id: string; username: string; token: string }>;
}

const ADD_STAFF = /* GraphQL */ `mutation ($input: AddGymStaffInput!) { addGymStaff(input: $input) { user { id } role } }`;

/**
 * The gyms service on a fresh test database, in the one harness shape of @clmb/testkit, asking a
 * stand-in users service for logins, unless `env` names a real one (USERS_URL, with `keys` shared
 * with it).
 */
export async function startGymsUnderTest(label: string, env: Record<string, string> = {}, keys?: SigningKeys): Promise<GymsUnderTest> {
  const users = await startFakeUsers();
  const t = await startServiceUnderTest(`gyms_${label}`, (settings, onQuery) => startService(loadConfig(settings), { onQuery }), {
    env: { USERS_URL: users.url, ...env },
    keys,
  }).catch(async (error: unknown) => {
    await users.stop();
    throw error;
  });
  const [climber, admin] = await Promise.all([t.token('CLIMBER'), t.token('ADMIN')]);
  const account = async (options: { emailVerified?: boolean } = {}) => {
    const username = `member_${randomBytes(4).toString('hex')}`;
    const id = users.register(username, undefined, options);
    return { id, username, token: await t.token('CLIMBER', id) };
  };
  const staff = async (gymId: string, role: StaffRole) => {
    const member = await account();
    dataOf(await t.gql(ADD_STAFF, { input: { gymId, login: member.username, role } }, admin));
    return member;
  };
  const stop = async () => {
    await t.stop();
    await users.stop();
  };
  return { ...t, stop, tokens: { climber, admin }, build: builders(t.gql), staff, account };
}
