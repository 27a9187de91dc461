/**
 * `npm run build` in a service workspace: ESM bundles in dist/ for `node dist/index.js` (and a
 * subgraph's `node dist/migrate.js`).
 * Workspace packages (@clmb/*, TypeScript sources) are bundled in; npm dependencies stay external
 * and are installed next to it. Files read at run time relative to the code (the subgraph SDL,
 * the service's migrations) are copied to where the bundle looks for them.
 */
import { cp, rm } from 'node:fs/promises';
import { build, type Plugin } from 'esbuild';

const service = process.argv[2];
if (!service || !['users', 'gyms', 'router'].includes(service)) {
  console.error('usage: tsx scripts/build.ts users|gyms|router');
  process.exit(2);
}
const root = new URL('../', import.meta.url);
const dir = new URL(service === 'router' ? 'router/' : `subgraphs/${service}/`, root);
const dist = new URL('dist/', dir);

const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@clmb/') ? undefined : { external: true }));
  },
};

await rm(dist, { recursive: true, force: true });
await build({
  // index.js serves; a subgraph's migrate.js is the deployment's one-shot migration step.
  entryPoints: (service === 'router' ? ['index'] : ['index', 'migrate']).map((name) => new URL(`src/${name}.ts`, dir).pathname),
  outdir: dist.pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [npmPackagesExternal],
  logLevel: 'warning',
});
if (service === 'router') {
  // The development explorer (/graphiql) reads its page and script beside the code.
  for (const file of ['page.html', 'explorer.js']) await cp(new URL(`src/graphiql/${file}`, dir), new URL(file, dist));
} else {
  await cp(new URL('src/schema.graphql', dir), new URL('schema.graphql', dist));
  await cp(new URL(`drizzle/${service}/migrations/`, root), new URL(`${service}/migrations/`, dist), { recursive: true });
}
console.log(`${service}: built ${dist.pathname}`);
