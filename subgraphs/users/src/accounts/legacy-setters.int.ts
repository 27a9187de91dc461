import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, openDatabase } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import * as gymsSchema from '@clmb/drizzle/gyms';
import { loadConfig as loadGymsConfig } from '@clmb/gyms/config';
import { startService as startGyms } from '@clmb/gyms/service';
import { createTestDatabase, dataOf, generateSigningKeys, type GraphQLResponse, signTestToken, type TestDatabase } from '@clmb/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { schema } from '../db';
import { createGymsClient } from '../gyms-client/gyms-client';
import { openTestDatabase } from '../test-service';
import { startLegacySetterHandOver } from './legacy-setters';

// The global SETTER role's hand-over, on a gyms database an older release left (no gym_staff yet)
// and a users database holding SETTER accounts: the gyms service migrates it at start, the users
// service's hand-over makes them staff of every gym, then CLIMBER.

const logger = createLogger('users', 'silent');
let gymsDatabase: TestDatabase;
let pgliteDir: string | undefined;
let users: Awaited<ReturnType<typeof openTestDatabase>>;
let gyms: Awaited<ReturnType<typeof startGyms>> | undefined;
const keys = await generateSigningKeys();
const gymIds: string[] = [];

/** Gyms' migrations before gym_staff (0004), applied to the database an older release left. */
async function migrateGymsBeforeStaff(env: Record<string, string>) {
  const folder = await mkdtemp(join(tmpdir(), 'clmb-gyms-before-staff-'));
  await cp(migrationsFolder('gyms'), folder, { recursive: true });
  const journal = JSON.parse(await readFile(join(folder, 'meta', '_journal.json'), 'utf8'));
  const before = journal.entries.findIndex((entry: { tag: string }) => entry.tag.endsWith('_gym_staff'));
  await writeFile(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }));
  const handle = await openDatabase({ url: env['DATABASE_URL'], dataDir: env['PGLITE_DIR'], service: 'gyms', schema: gymsSchema, migrationsFolder: folder });
  try {
    await handle.migrate();
    await handle.db.execute(sql`insert into gyms.grade_system (name, discipline) values ('Old V', 'BOULDER')`);
    for (const [name, slug] of [
      ['Old Hall', 'old-hall'],
      ['Older Hall', 'older-hall'],
    ]) {
      await handle.db.execute(sql`insert into gyms.gym (grade_system_id, name, slug, address, city, country, latitude, longitude)
        select id, ${name}, ${slug}, 'a', 'b', 'c', 0, 0 from gyms.grade_system where name = 'Old V'`);
    }
    const rows = (await handle.db.execute(sql`select id from gyms.gym order by id`)) as unknown as { rows?: { id: string }[] } | { id: string }[];
    gymIds.push(...(Array.isArray(rows) ? rows : (rows.rows ?? [])).map((row) => row.id));
  } finally {
    await handle.close();
    await rm(folder, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  gymsDatabase = await createTestDatabase('users_legacy_setters_gyms');
  // PGlite in memory lives in one handle: the older database is a directory the service opens after.
  if (gymsDatabase.kind === 'pglite') pgliteDir = await mkdtemp(join(tmpdir(), 'clmb-gyms-legacy-'));
  const env = pgliteDir ? { PGLITE_DIR: pgliteDir } : gymsDatabase.env;
  await migrateGymsBeforeStaff(env);
  gyms = await startGyms(loadGymsConfig({ ...env, ...keys, PORT: '0', HOST: '127.0.0.1', SEED_DEMO_DATA: 'false', LOG_LEVEL: 'silent' }));
  users = await openTestDatabase('users_legacy_setters');
});
afterAll(async () => {
  await gyms?.stop();
  await users?.close();
  await gymsDatabase?.drop();
  if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
});

it('makes every SETTER account SETTER staff of every gym, then CLIMBER; a second run changes nothing', async () => {
  const insert = (username: string, role: 'SETTER' | 'CLIMBER' | 'ADMIN') =>
    users.db.insert(schema.users).values({ email: `${username}@example.com`, username, role }).returning({ id: schema.users.id });
  const [setter] = await insert('old_setter', 'SETTER');
  const [other] = await insert('other_setter', 'SETTER');
  const [climber] = await insert('just_climbing', 'CLIMBER');
  const gymsUrl = `${gyms!.url}/graphql`;
  const client = createGymsClient(gymsUrl, logger);

  const first = await startLegacySetterHandOver(users.db, client, logger, { batchSize: 1 }).done;
  expect(first).toEqual({ accounts: 2, memberships: 4 });
  const roles = await users.db.select({ username: schema.users.username, role: schema.users.role }).from(schema.users).orderBy(schema.users.username);
  expect(roles).toEqual([
    { username: 'just_climbing', role: 'CLIMBER' },
    { username: 'old_setter', role: 'CLIMBER' },
    { username: 'other_setter', role: 'CLIMBER' },
  ]);

  // What each now holds at the gyms, asked as themselves.
  const staffRoles = async (id: string) => {
    const token = await signTestToken(keys.JWT_PRIVATE_KEY, { sub: id, role: 'CLIMBER' });
    const response = await fetch(gymsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `query ($id: ID!) { _entities(representations: [{ __typename: "User", id: $id }]) { ... on User { staffRoles { gym { id } role } } } }`, variables: { id } }),
    });
    return dataOf((await response.json()) as GraphQLResponse)['_entities'][0].staffRoles;
  };
  // staffRoles lists a user's gyms in the order they joined, then by gym id: all at once here.
  const everyGym = gymIds.map((id) => ({ gym: { id }, role: 'SETTER' }));
  expect(await staffRoles(setter!.id)).toEqual(everyGym);
  expect(await staffRoles(other!.id)).toEqual(everyGym);
  expect(await staffRoles(climber!.id)).toEqual([]);

  expect(await startLegacySetterHandOver(users.db, client, logger).done).toEqual({ accounts: 0, memberships: 0 });
});

it('waits for gyms and demotes nobody while gyms cannot adopt them', async () => {
  const [setter] = await users.db
    .insert(schema.users)
    .values({ email: 'late_setter@example.com', username: 'late_setter', role: 'SETTER' })
    .returning({ id: schema.users.id });
  const unreachable = createGymsClient('http://127.0.0.1:9/graphql', logger);
  const handOver = startLegacySetterHandOver(users.db, unreachable, logger, { retryMs: 60_000 });
  // Give the first attempt time to fail, then stop it where it waits.
  await new Promise((resolve) => setTimeout(resolve, 200));
  handOver.stop();
  expect(await handOver.done).toEqual({ accounts: 0, memberships: 0 });
  const [row] = await users.db.select({ role: schema.users.role }).from(schema.users).where(sql`${schema.users.id} = ${setter!.id}`);
  expect(row).toEqual({ role: 'SETTER' });
});
