/** Helpers for this service's *.int.ts files: a running service on a fresh database, and tokens. */
import { createTestDatabase, generateSigningKeys, graphql, signTestToken, type GraphQLResponse } from '@clmb/testkit';
import { loadConfig } from './config';
import { startService, type Service } from './service';

export interface TestService {
  service: Service;
  /** POSTs an operation to the service's /graphql, optionally with an access token. */
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse & { status: number }>;
  tokens: { climber: string; setter: string; admin: string };
  privateKey: string;
  /** SQL statements sent since the last `resetStatements()`. */
  statements(): number;
  resetStatements(): void;
  stop(): Promise<void>;
}

export async function startTestService(label: string, env: Record<string, string> = {}): Promise<TestService> {
  const database = await createTestDatabase(`gyms_${label}`);
  const keys = await generateSigningKeys();
  let statements = 0;
  const service = await startService(
    loadConfig({
      ...database.env,
      JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY,
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'silent',
      ...env,
    }),
    { onQuery: () => void statements++ },
  );
  const token = (role: 'CLIMBER' | 'SETTER' | 'ADMIN', n: number) =>
    signTestToken(keys.JWT_PRIVATE_KEY, { sub: `00000000-0000-4000-8000-00000000000${n}`, role });
  return {
    service,
    gql: (query, variables, token) => graphql(`${service.url}/graphql`, query, variables, token),
    tokens: { climber: await token('CLIMBER', 1), setter: await token('SETTER', 2), admin: await token('ADMIN', 3) },
    privateKey: keys.JWT_PRIVATE_KEY,
    statements: () => statements,
    resetStatements: () => {
      statements = 0;
    },
    stop: async () => {
      await service.stop();
      await database.drop();
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Replaces generated ids and timestamps so whole responses can be compared. */
export function masked(value: unknown): unknown {
  if (typeof value === 'string') return UUID.test(value) ? '<uuid>' : ISO_DATE.test(value) ? '<date>' : value;
  if (Array.isArray(value)) return value.map(masked);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, masked(v)]));
  }
  return value;
}

/** The data of a response that must not have failed. */
export function dataOf(response: GraphQLResponse): Record<string, any> {
  if (response.errors?.length || !response.data) throw new Error(`unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data;
}
