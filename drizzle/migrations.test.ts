import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const run = promisify(execFile);
const scratch = await mkdtemp(join(tmpdir(), 'clmb-drizzle-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/**
 * A schema.ts change without its generated migration would ship tables that differ from the
 * code. Regenerate against a copy of the committed migrations: drizzle-kit must find nothing to do.
 */
describe.each(['users', 'gyms'])('%s migrations', (service) => {
  it('are up to date with its schema.ts', async () => {
    const out = join(scratch, service);
    await cp(join(here, service, 'migrations'), out, { recursive: true });
    const config = join(scratch, `${service}.config.ts`);
    await writeFile(
      config,
      // drizzle-kit wants paths relative to its working directory.
      `export default { dialect: 'postgresql', schema: './${service}/schema.ts', out: ${JSON.stringify(relative(here, out))}, schemaFilter: ['${service}'], casing: 'snake_case' };\n`,
    );
    const before = await readdir(out);
    const { stdout } = await run(process.execPath, [join(here, '../node_modules/drizzle-kit/bin.cjs'), 'generate', '--config', config], { cwd: here });
    expect(stdout).toContain('No schema changes');
    expect(await readdir(out)).toEqual(before);
  }, 60_000);
});
