// The layering of docs/architecture.md ("Anatomy of a subgraph"), checked: `npm run deps:check`,
// and scripts/dependency-rules.test.ts in `npm test`. Paths are relative to the repository root.

/** Test files and test helpers (`test-service.ts`, `test-mail.ts`, `fake-google.ts` …). */
const TESTS = '(\\.(test|int|e2e)\\.ts|/(test|fake)-[^/]+\\.ts)$';
const STORE = '-store\\.ts$';
const SUBGRAPH_SRC = '^subgraphs/[^/]+/src/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included: each module has a place in the layers.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'resolvers-call-modules',
      comment: 'Resolvers map GraphQL arguments to one module call: no stores, loaders, database or drizzle.',
      severity: 'error',
      from: { path: `${SUBGRAPH_SRC}resolvers/` },
      to: { path: [STORE, '/loaders\\.ts$', `${SUBGRAPH_SRC}db\\.ts$`, 'node_modules/drizzle-orm/', '^drizzle/'] },
    },
    {
      name: 'stores-hold-sql',
      comment:
        'Stores hold SQL and take parameters: they import the database handle, other stores, drizzle and @clmb/common, never errors, modules, loaders, the context or GraphQL types.',
      severity: 'error',
      from: { path: `${SUBGRAPH_SRC}.*${STORE}` },
      to: { path: SUBGRAPH_SRC, pathNot: [STORE, `${SUBGRAPH_SRC}db\\.ts$`] },
    },
    {
      name: 'stores-no-graphql',
      comment: 'Stores know nothing of GraphQL.',
      severity: 'error',
      from: { path: `${SUBGRAPH_SRC}.*${STORE}` },
      to: { path: 'node_modules/graphql/' },
    },
    {
      name: 'loaders-batch-stores',
      comment: 'A loader batches a store: it imports stores and the database handle, no module (rules live in modules).',
      severity: 'error',
      from: { path: [`${SUBGRAPH_SRC}loaders\\.ts$`, `${SUBGRAPH_SRC}[^/]+/loaders\\.ts$`] },
      to: { path: SUBGRAPH_SRC, pathNot: [STORE, '/loaders\\.ts$', `${SUBGRAPH_SRC}db\\.ts$`] },
    },
    {
      name: 'no-resolvers-below',
      comment: 'Nothing but the server imports the resolvers.',
      severity: 'error',
      from: { path: SUBGRAPH_SRC, pathNot: [`${SUBGRAPH_SRC}(resolvers/|server\\.ts$)`] },
      to: { path: `${SUBGRAPH_SRC}resolvers/` },
    },
    {
      name: 'no-test-code-in-services',
      comment: "A service's code never imports a test or a test helper: what ships is what runs.",
      severity: 'error',
      from: { path: ['^subgraphs/[^/]+/src/', '^router/src/', '^packages/common/src/'], pathNot: TESTS },
      to: { path: TESTS },
    },
    {
      name: 'subgraphs-apart',
      comment:
        "A subgraph never imports another subgraph's code or the router. Its tests may start another subgraph as a real service, through that service's public entry (service.ts, config.ts) only.",
      severity: 'error',
      from: { path: '^subgraphs/([^/]+)/', pathNot: TESTS },
      to: { path: ['^subgraphs/', '^router/'], pathNot: ['^subgraphs/$1/'] },
    },
    {
      name: 'subgraph-tests-start-services',
      comment: "A subgraph's tests reach another subgraph only through its service.ts and config.ts.",
      severity: 'error',
      from: { path: `^subgraphs/([^/]+)/.*${TESTS}` },
      to: { path: ['^subgraphs/', '^router/'], pathNot: ['^subgraphs/$1/', `${SUBGRAPH_SRC}(service|config)\\.ts$`] },
    },
    {
      name: 'router-without-subgraphs',
      comment: "The router knows subgraphs by the supergraph alone; only its end-to-end tests start them.",
      severity: 'error',
      from: { path: '^router/src/' },
      to: { path: '^subgraphs/' },
    },
    {
      name: 'e2e-without-scripts',
      comment: "End-to-end tests drive the product, not the developer scripts (a script's own test excepted): shared test code lives in @clmb/testkit.",
      severity: 'error',
      from: { path: ['\\.e2e\\.ts$', '^router/e2e/'], pathNot: '^scripts/' },
      to: { path: '^scripts/' },
    },
    {
      name: 'app-kit-without-server-code',
      comment: "The app's kit (@clmb/client) and the API's formats it shares with the services (@clmb/scalars) run in an app: no server package, no service.",
      severity: 'error',
      from: { path: '^packages/(client|scalars)/', pathNot: TESTS },
      to: { path: ['^packages/(common|testkit)/', '^subgraphs/', '^router/', '^scripts/'] },
    },
    {
      name: 'common-below-services',
      comment: '@clmb/common and @clmb/testkit serve every service and know none of them.',
      severity: 'error',
      from: { path: '^packages/(common|testkit)/' },
      to: { path: ['^subgraphs/', '^router/', '^scripts/'] },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['__generated__', '/dist/', '\\.data/'] },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    skipAnalysisNotInRules: true,
  },
};
