import { defineConfig } from 'vitest/config';

const exclude = ['**/node_modules/**', '**/dist/**', '**/.data/**'];
/** The app's kit and its journey through Apollo Client, in Apollo's development mode. */
const client = ['packages/client/**/*.test.ts', 'packages/client/**/*.e2e.ts'];

// Three tiers told apart by suffix: *.test.ts (no database), *.int.ts (one service on a real
// database), *.e2e.ts (router + both subgraphs as real HTTP servers, driven like a client). The
// database tiers run on embedded PGlite; with TEST_DATABASE_URL set they run a second time, on that
// Postgres server (`int:postgres`, `e2e:postgres`), so one `npm test` proves both.
const postgresUrl = process.env['TEST_DATABASE_URL'] || undefined;
const slow = { testTimeout: 30_000, hookTimeout: 60_000 };
/** Files that never read TEST_DATABASE_URL (they open PGlite themselves, or `npm run dev` does): once is enough. */
const databaseAgnostic = ['scripts/dev.e2e.ts', 'packages/common/src/log-safety.int.ts', 'packages/common/src/subgraph.int.ts'];
const onPglite = { TEST_DATABASE_URL: '' };
const onPostgres = { TEST_DATABASE_URL: postgresUrl ?? '' };

export default defineConfig({
  // graphql 16 ships CJS and ESM builds; Node (and so the services) load the CJS one, Apollo
  // requires it too. Vite would pick the ESM one for imports: two graphql realms that reject each
  // other's types. Resolve it as Node does.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    env: { APOLLO_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'silent' },
    // A worker keeps the modules it imported from one test file to the next: importing the
    // services' module graph afresh for every file cost CI more than five minutes. Tests share no
    // module state (no mocks; a test that changes a module's settings gives them back).
    isolate: false,
    // Both cores: the services a test starts run in its worker, and each file has its own databases.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['**/*.test.ts'], exclude: [...exclude, ...client] } },
      { extends: true, test: { name: 'int', include: ['**/*.int.ts'], exclude, env: onPglite, ...slow } },
      { extends: true, test: { name: 'e2e', include: ['**/*.e2e.ts'], exclude: [...exclude, ...client], env: onPglite, ...slow } },
      ...(postgresUrl
        ? [
            { extends: true, test: { name: 'int:postgres', include: ['**/*.int.ts'], exclude: [...exclude, ...databaseAgnostic], env: onPostgres, ...slow } },
            {
              extends: true,
              test: { name: 'e2e:postgres', include: ['**/*.e2e.ts'], exclude: [...exclude, ...client, ...databaseAgnostic], env: onPostgres, ...slow },
            },
          ]
        : []),
      // Apollo Client picks its development build (warnings, readable invariant messages) through
      // the `development` export condition. It is loaded by Node, not Vite (node_modules are
      // externalised), so the condition goes to the worker's Node: `resolve.conditions` would only
      // reach modules Vite transforms itself.
      {
        extends: true,
        test: { name: 'client', include: client, exclude, execArgv: ['--conditions=development'], env: onPglite, ...slow },
      },
    ],
  },
});
