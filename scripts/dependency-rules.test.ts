import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = join(root, '.dependency-cruiser.cjs');
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
/** What `npm run deps:check` cruises: every workspace. */
const CRUISED = ['packages', 'subgraphs', 'router', 'scripts', 'schema', 'k8s', 'drizzle'];

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** The rules' violations in the tree under `cwd` (its paths relative to it), as the CLI finds them. */
async function violations(cwd: string, paths: string[]): Promise<Violation[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [depcruise, '--config', config, '--output-type', 'json', ...paths], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('the dependency rules (.dependency-cruiser.cjs)', () => {
  it('hold in the tree', async () => {
    expect((await violations(root, CRUISED)).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  }, 60_000);

  const fixture = mkdtemp(join(tmpdir(), 'clmb-deps-'));
  afterAll(async () => rm(await fixture, { recursive: true, force: true }));

  it('fail on each deliberate violation', async () => {
    const dir = await fixture;
    const files: Record<string, string> = {
      'subgraphs/demo/src/db.ts': 'export const db = {};',
      'subgraphs/demo/src/errors.ts': 'export class DemoError extends Error {}',
      'subgraphs/demo/src/things/thing-store.ts': "import { DemoError } from '../errors';\nimport { thing } from './things';\nimport 'graphql';\nexport const find = () => [DemoError, thing];",
      'subgraphs/demo/src/things/things.ts': "import { find } from './thing-store';\nimport { Thing } from '../resolvers/Thing';\nexport const thing = () => [find, Thing];",
      'subgraphs/demo/src/things/loaders.ts': "import { thing } from './things';\nexport const loaders = thing;",
      'subgraphs/demo/src/resolvers/Thing.ts': "import { find } from '../things/thing-store';\nimport { loaders } from '../things/loaders';\nimport { sql } from 'drizzle-orm';\nexport const Thing = [find, loaders, sql];",
      'subgraphs/demo/src/service.ts': "import { other } from '../../other/src/internals';\nimport { fake } from './fake-clock';\nexport const start = [other, fake];",
      'subgraphs/demo/src/fake-clock.ts': 'export const fake = 1;',
      'subgraphs/demo/src/demo.int.ts': "import { other } from '../../other/src/internals';\nimport { start } from '../../other/src/service';\nexport const t = [other, start];",
      'subgraphs/other/src/internals.ts': 'export const other = 1;',
      'subgraphs/other/src/service.ts': 'export const start = 1;',
      'router/src/server.ts': "import { start } from '../../subgraphs/demo/src/service';\nexport const router = start;",
      'router/e2e/demo.e2e.ts': "import { seed } from '../../scripts/seed';\nexport const e2e = seed;",
      'scripts/seed.ts': 'export const seed = 1;',
      'packages/common/src/index.ts': "import { router } from '../../../router/src/server';\nexport const common = router;",
      'packages/client/src/index.ts': "import { common } from '../../common/src/index';\nexport const client = common;",
    };
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, dirname(path)), { recursive: true });
      await writeFile(join(dir, path), `${text}\n`);
    }
    await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
    const found = await violations(dir, ['subgraphs', 'router', 'scripts', 'packages']);
    // Every rule bites, each on the import it is about (a cycle is reported once per module in it).
    const { forbidden } = (await import(config)).default as { forbidden: { name: string }[] };
    expect(new Set(found.map((v) => v.rule.name))).toEqual(new Set(forbidden.map((rule) => rule.name)));
    expect(found.filter((v) => v.rule.name !== 'no-circular').map((v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^.*node_modules/, 'node_modules')}`).sort()).toEqual([
      'app-kit-without-server-code: packages/client/src/index.ts → packages/common/src/index.ts',
      'common-below-services: packages/common/src/index.ts → router/src/server.ts',
      'e2e-without-scripts: router/e2e/demo.e2e.ts → scripts/seed.ts',
      'loaders-batch-stores: subgraphs/demo/src/things/loaders.ts → subgraphs/demo/src/things/things.ts',
      'no-resolvers-below: subgraphs/demo/src/things/things.ts → subgraphs/demo/src/resolvers/Thing.ts',
      'no-test-code-in-services: subgraphs/demo/src/service.ts → subgraphs/demo/src/fake-clock.ts',
      'resolvers-call-modules: subgraphs/demo/src/resolvers/Thing.ts → node_modules/drizzle-orm/index.js',
      'resolvers-call-modules: subgraphs/demo/src/resolvers/Thing.ts → subgraphs/demo/src/things/loaders.ts',
      'resolvers-call-modules: subgraphs/demo/src/resolvers/Thing.ts → subgraphs/demo/src/things/thing-store.ts',
      'router-without-subgraphs: router/src/server.ts → subgraphs/demo/src/service.ts',
      'stores-hold-sql: subgraphs/demo/src/things/thing-store.ts → subgraphs/demo/src/errors.ts',
      'stores-hold-sql: subgraphs/demo/src/things/thing-store.ts → subgraphs/demo/src/things/things.ts',
      'stores-no-graphql: subgraphs/demo/src/things/thing-store.ts → node_modules/graphql/index.js',
      'subgraph-tests-start-services: subgraphs/demo/src/demo.int.ts → subgraphs/other/src/internals.ts',
      'subgraphs-apart: subgraphs/demo/src/service.ts → subgraphs/other/src/internals.ts',
    ]);
  }, 60_000);
});
