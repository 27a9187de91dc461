import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/**
 * A throwaway database for one test file: an in-memory PGlite by default, or a fresh database on
 * the Postgres server named by TEST_DATABASE_URL. `env` is what the service's config expects.
 */
export interface TestDatabase {
  /** Environment for the service's loadConfig: DATABASE_URL or PGLITE_DIR. */
  env: Record<string, string>;
  kind: 'postgres' | 'pglite';
  drop(): Promise<void>;
}

export const testDatabaseUrl = (): string | undefined => process.env['TEST_DATABASE_URL'] || undefined;

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const serverUrl = testDatabaseUrl();
  if (!serverUrl) return { env: { PGLITE_DIR: 'memory://' }, kind: 'pglite', drop: async () => {} };

  const name = `clmb_test_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    kind: 'postgres',
    drop: async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
