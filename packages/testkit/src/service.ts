import type { Role } from '@clmb/common/roles';
import { countingRequestStatements } from './statements';
import { type Gql, gqlAt } from './client';
import { createTestDatabase } from './database';
import { generateSigningKeys, signTestToken } from './keys';

export type SigningKeys = Awaited<ReturnType<typeof generateSigningKeys>>;

/** What a service's `startService` gives back, as far as the harness needs it. */
export interface StartedService {
  /** Base URL; GraphQL is at `${url}/graphql`. */
  url: string;
  stop(): Promise<void>;
}

/** One service on its own fresh database, as every service test drives it. */
export interface ServiceUnderTest<S extends StartedService = StartedService> {
  /** The service's GraphQL endpoint. */
  url: string;
  /** The service's base URL, for /health and /ready. */
  baseUrl: string;
  gql: Gql;
  keys: SigningKeys;
  /** An access token for `role`; `sub` defaults to a fixed id per role. */
  token(role: Role, sub?: string): Promise<string>;
  /** Every SQL statement the service sent since the last `resetStatements()`. */
  statements: string[];
  resetStatements(): void;
  /** What `start` returned. */
  service: S;
  /** Stops the service, then drops its database. */
  stop(): Promise<void>;
}

export interface ServiceUnderTestOptions {
  /** Extra environment, over the quiet defaults. */
  env?: Record<string, string>;
  /** Signing keys to share with another service; fresh ones otherwise. */
  keys?: SigningKeys;
}

/** No port clash, no demo data, no log noise. */
const QUIET = { PORT: '0', HOST: '127.0.0.1', SEED_DEMO_DATA: 'false', LOG_LEVEL: 'silent' };
const FIXED_SUB: Record<Role, string> = {
  CLIMBER: '00000000-0000-4000-8000-000000000001',
  ADMIN: '00000000-0000-4000-8000-000000000003',
};

/**
 * Makes a fresh test database and signing keys, calls `start` with the environment a service's
 * loadConfig reads (database, both JWT keys, quiet defaults, `options.env`) and a statement
 * recorder, and drops the database again on `stop`. Each service adapts its own start in a few lines.
 */
export async function startServiceUnderTest<S extends StartedService>(
  label: string,
  start: (env: Record<string, string>, onQuery: (sql: string) => void) => Promise<S>,
  options: ServiceUnderTestOptions = {},
): Promise<ServiceUnderTest<S>> {
  const database = await createTestDatabase(label);
  const keys = options.keys ?? (await generateSigningKeys());
  const statements: string[] = [];
  let service: S;
  try {
    service = await start({ ...database.env, ...keys, ...QUIET, ...options.env }, countingRequestStatements((sql) => statements.push(sql)));
  } catch (error) {
    await database.drop();
    throw error;
  }
  const url = `${service.url}/graphql`;
  return {
    url,
    baseUrl: service.url,
    gql: gqlAt(url),
    keys,
    token: (role, sub = FIXED_SUB[role]) => signTestToken(keys.JWT_PRIVATE_KEY, { sub, role }),
    statements,
    resetStatements: () => {
      statements.length = 0;
    },
    service,
    stop: async () => {
      await service.stop();
      await database.drop();
    },
  };
}
