import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openServiceDatabase } from './subgraph';
import { loadMigrationSettings } from './subgraph-config';

describe('the embedded database directory', () => {
  let root: string;
  afterAll(() => rm(root, { recursive: true, force: true }));

  const mode = async (dir: string) => (await stat(dir)).mode & 0o777;
  const open = async (dir: string) => {
    const database = await openServiceDatabase('gyms', loadMigrationSettings('gyms', { PGLITE_DIR: dir }), {}, 'unused');
    await database.close();
  };

  it('is created readable by its owner only, and an older one is made so', async () => {
    root = await mkdtemp(join(tmpdir(), 'clmb-data-'));
    await open(join(root, 'new', 'gyms'));
    expect(await mode(join(root, 'new', 'gyms'))).toBe(0o700);

    const older = join(root, 'older');
    await mkdir(older, { mode: 0o755 });
    await open(older);
    expect(await mode(older)).toBe(0o700);
  });
});
