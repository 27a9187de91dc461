import { defineConfig } from 'vitest/config';

const exclude = ['**/node_modules/**', '**/dist/**', '**/.data/**'];
/** The app's kit and its journey through Apollo Client, in Apollo's development mode. */
const client = ['packages/client/**/*.test.ts', 'packages/client/**/*.e2e.ts'];

// Three tiers told apart by suffix: *.test.ts (no database), *.int.ts (one service on a real
// database: PGlite, or Postgres when TEST_DATABASE_URL is set), *.e2e.ts (router + both subgraphs
// as real HTTP servers, driven like a client).
export default defineConfig({
  // graphql 16 ships CJS and ESM builds; Node (and so the services) load the CJS one, Apollo
  // requires it too. Vite would pick the ESM one for imports: two graphql realms that reject each
  // other's types. Resolve it as Node does.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    env: { APOLLO_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'silent' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['**/*.test.ts'], exclude: [...exclude, ...client] } },
      { extends: true, test: { name: 'int', include: ['**/*.int.ts'], exclude, testTimeout: 30_000, hookTimeout: 60_000 } },
      { extends: true, test: { name: 'e2e', include: ['**/*.e2e.ts'], exclude: [...exclude, ...client], testTimeout: 30_000, hookTimeout: 60_000 } },
      // Apollo Client picks its development build (warnings, readable invariant messages) through
      // the `development` export condition. It is loaded by Node, not Vite (node_modules are
      // externalised), so the condition goes to the worker's Node: `resolve.conditions` would only
      // reach modules Vite transforms itself.
      {
        extends: true,
        test: { name: 'client', include: client, exclude, execArgv: ['--conditions=development'], testTimeout: 30_000, hookTimeout: 60_000 },
      },
    ],
  },
});
