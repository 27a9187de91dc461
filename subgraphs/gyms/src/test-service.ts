import { type Builders, builders, type ServiceUnderTest, type SigningKeys, startServiceUnderTest } from '@clmb/testkit';
import { loadConfig } from './config';
import { type Service, startService } from './service';

export interface GymsUnderTest extends ServiceUnderTest<Service> {
  /** Tokens of the fixed test user of each role. */
  tokens: { climber: string; setter: string; admin: string };
  /** Fixture builders over this service's API. */
  build: Builders;
}

/**
 * The gyms service on a fresh test database, in the one harness shape of @clmb/testkit; `keys`
 * are shared with a users service, if any (its USERS_URL in `env`).
 */
export async function startGymsUnderTest(label: string, env: Record<string, string> = {}, keys?: SigningKeys): Promise<GymsUnderTest> {
  const t = await startServiceUnderTest(`gyms_${label}`, (settings, onQuery) => startService(loadConfig(settings), { onQuery }), { env, keys });
  const [climber, setter, admin] = await Promise.all([t.token('CLIMBER'), t.token('SETTER'), t.token('ADMIN')]);
  return { ...t, tokens: { climber, setter, admin }, build: builders(t.gql) };
}
