import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, openDatabase } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { createTestDatabase, type TestDatabase } from '@clmb/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { schema } from './db';
import { demoGradeSystems } from './grades/seed-grade-systems';

let database: TestDatabase;
let handle: DatabaseHandle<typeof schema>;
let folder: string;
const journal = () => join(folder, 'meta', '_journal.json');

/** The committed migrations up to `count`, in a scratch copy: the database as an older release left it. */
async function migrateTo(count: number) {
  const full = JSON.parse(await readFile(join(migrationsFolder('gyms'), 'meta', '_journal.json'), 'utf8'));
  await writeFile(journal(), JSON.stringify({ ...full, entries: full.entries.slice(0, count) }));
  await handle.migrate();
}

/** Rows of a raw query: PGlite answers `{ rows }`, postgres.js the rows themselves. */
async function all<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await handle.db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

beforeAll(async () => {
  database = await createTestDatabase('gyms_migrations');
  folder = await mkdtemp(join(tmpdir(), 'clmb-gyms-migrations-'));
  await cp(migrationsFolder('gyms'), folder, { recursive: true });
  handle = await openDatabase({
    url: database.env['DATABASE_URL'],
    dataDir: database.env['PGLITE_DIR'],
    service: 'gyms',
    schema,
    migrationsFolder: folder,
  });
});
afterAll(async () => {
  await handle?.close();
  await database?.drop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

it('gives grade systems that existed before disciplines a discipline and scale values', async () => {
  await migrateTo(2);
  const legacy: [string, string[]][] = [
    ['V-scale', demoGradeSystems[0]!.grades.map(([value]) => value)],
    ['Sport', ['6a', '6b', '7a']],
    ['Circuit', ['green', 'blue', 'black']],
    ['Upside down', ['V4', 'V2']],
  ];
  for (const [name, values] of legacy) {
    await handle.db.execute(sql`insert into gyms.grade_system (name) values (${name})`);
    for (const [i, value] of values.entries())
      await handle.db.execute(
        sql`insert into gyms.grade (grade_system_id, value, difficulty_order) select id, ${value}, ${i + 1} from gyms.grade_system where name = ${name}`,
      );
  }
  await migrateTo(Number.POSITIVE_INFINITY);

  const grades = await all<{ name: string; discipline: string; value: string; scale: number }>(
    sql`select s.name, s.discipline, g.value, g.scale from gyms.grade g join gyms.grade_system s on s.id = g.grade_system_id order by s.name, g.difficulty_order`,
  );
  const of = (name: string) => grades.filter((g) => g.name === name).map((g) => [g.discipline, g.value, g.scale]);
  // A system made of one chart's grades takes the chart's values; any other is BOULDER from 100 up.
  expect(of('V-scale')).toEqual(demoGradeSystems[0]!.grades.map(([value, scale]) => ['BOULDER', value, scale]));
  expect(of('Sport')).toEqual([['ROPE', '6a', 180], ['ROPE', '6b', 200], ['ROPE', '7a', 250]]);
  expect(of('Circuit')).toEqual([['BOULDER', 'green', 100], ['BOULDER', 'blue', 110], ['BOULDER', 'black', 120]]);
  expect(of('Upside down')).toEqual([['BOULDER', 'V4', 100], ['BOULDER', 'V2', 110]]);
});

it('stamps updated_at on every change, whatever writes it, and not when nothing changed', async () => {
  const stamp = async () =>
    (await all<{ modified_at: string | Date; created_at: string | Date }>(sql`select created_at, modified_at from gyms.grade_system where name = 'Circuit'`))[0]!;
  const created = await stamp();
  expect(new Date(created.modified_at).getTime()).toBe(new Date(created.created_at).getTime());
  await handle.db.execute(sql`update gyms.grade_system set name = name where name = 'Circuit'`);
  expect(await stamp()).toEqual(created);
  // Even a writer that sets an old time explicitly gets the database's.
  await handle.db.execute(sql`update gyms.grade_system set description = 'Colours', modified_at = '2000-01-01' where name = 'Circuit'`);
  const changed = await stamp();
  expect(new Date(changed.modified_at).getTime()).toBeGreaterThan(new Date(created.modified_at).getTime());
});
