import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builders, createTestDatabase, generateSigningKeys, gqlAt, type TestDatabase } from '@clmb/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from './config';
import { startService } from './service';

let testDb: TestDatabase;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  testDb = await createTestDatabase('users_seed');
  // The second start must see the first one's data, so PGlite needs a directory, not memory.
  dir = await mkdtemp(join(tmpdir(), 'clmb-users-seed-'));
  const database = testDb.kind === 'pglite' ? { PGLITE_DIR: dir } : testDb.env;
  env = { ...database, ...(await generateSigningKeys()), PORT: '0', HOST: '127.0.0.1', SEED_DEMO_DATA: 'true', LOG_LEVEL: 'silent' };
});
afterAll(async () => {
  await testDb?.drop();
  await rm(dir, { recursive: true, force: true });
});

it('seeds the demo accounts once, into an empty database only', async () => {
  const first = await startService(loadConfig(env));
  try {
    const { logIn } = builders(gqlAt(`${first.url}/graphql`));
    expect((await logIn('admin@clmb.dev')).user).toEqual({ id: expect.any(String), username: 'admin', role: 'ADMIN' });
    expect((await logIn('climber@clmb.dev')).user).toEqual({ id: expect.any(String), username: 'climber', role: 'CLIMBER' });
  } finally {
    await first.stop();
  }

  const statements: string[] = [];
  const second = await startService(loadConfig(env), { onQuery: (sql) => statements.push(sql) });
  try {
    expect(statements.filter((sql) => /insert into "users"\."user"/i.test(sql))).toEqual([]);
    expect((await builders(gqlAt(`${second.url}/graphql`)).logIn('admin@clmb.dev')).user).toEqual({ id: expect.any(String), username: 'admin', role: 'ADMIN' });
  } finally {
    await second.stop();
  }
});
