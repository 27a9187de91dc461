/**
 * `npm run build` in a service workspace: ESM bundles in dist/ for `node dist/index.js` (and a
 * subgraph's `node dist/migrate.js`).
 * Workspace packages (@clmb/*, TypeScript sources) are bundled in; npm dependencies stay external
 * and are installed next to it, but for the federation packages in the router (`plainReExports`).
 * Files read at run time relative to the code (the subgraph SDL, the service's migrations) are
 * copied to where the bundle looks for them.
 */
import { cp, readFile, rm } from 'node:fs/promises';
import { build, type Plugin } from 'esbuild';

const service = process.argv[2];
if (!service || !['users', 'gyms', 'router'].includes(service)) {
  console.error('usage: tsx scripts/build.ts users|gyms|router');
  process.exit(2);
}
const root = new URL('../', import.meta.url);
const dir = new URL(service === 'router' ? 'router/' : `subgraphs/${service}/`, root);
const dist = new URL('dist/', dir);

/**
 * The federation packages the gateway is built from: bundled into the router (with
 * `plainReExports`), all of them, so that there is one copy of each (their classes are checked with
 * instanceof across packages).
 */
const FEDERATION = 'gateway|query-planner|query-graphs|composition|federation-internals';
const federationImport = new RegExp(`^@apollo/(${FEDERATION})(/|$)`);
const federationFile = new RegExp(`[\\\\/]node_modules[\\\\/]@apollo[\\\\/](${FEDERATION})[\\\\/]dist[\\\\/].*\\.js$`);
const bundlesFederation = service === 'router';

const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@clmb/') || (bundlesFederation && federationImport.test(args.path)) ? undefined : { external: true },
    );
  },
};

/** TypeScript's CommonJS re-export helper, as the federation packages' index files carry it. */
const BINDING_BY_GETTER = /var __createBinding = \(this && this\.__createBinding\) \|\| \(Object\.create \? \(function\(o, m, k, k2\) \{[\s\S]*?\}\) : \(function\(o, m, k, k2\) \{[\s\S]*?\}\)\);/;

/**
 * The federation packages re-export their modules through TypeScript's `__createBinding`, which
 * defines one getter per name: each `federation_internals_1.x` the gateway reads while it shapes a
 * response calls one. In profiles of the router under load those getters were 3-4% of its CPU,
 * self time. Bundled, each name is bound as a plain value (the helper's own fallback when
 * `Object.create` is missing), read once at load: the modules' exports are complete by then, and
 * none of them is reassigned afterwards.
 */
const plainReExports: Plugin = {
  name: 'plain-re-exports',
  setup(builder) {
    builder.onLoad({ filter: federationFile }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('var __createBinding')) return undefined;
      const contents = source.replace(BINDING_BY_GETTER, 'var __createBinding = function (o, m, k, k2) { if (k2 === undefined) k2 = k; o[k2] = m[k]; };');
      if (contents === source) throw new Error(`${args.path}: TypeScript's __createBinding is not in the expected form; check plainReExports against this version`);
      return { contents, loader: 'js' };
    });
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
  // Stack traces need the mappings, not the sources: a process that loads the map keeps it in memory.
  sourcesContent: false,
  plugins: [npmPackagesExternal, ...(bundlesFederation ? [plainReExports] : [])],
  // The bundled federation packages are CommonJS: their require() of the packages left external needs one.
  ...(bundlesFederation && { banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module';\nconst require = createRequireOfBundle(import.meta.url);" } }),
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
