/**
 * Builds what the bench runs, so that every process starts the same way (`node <bundle>`, no
 * TypeScript loader in memory): the three services with the repository's own build, and the
 * bench's servers (stock gateway, Hive Gateway, baseline, counting proxy) into scripts/bench/dist.
 */
import { build, type Plugin } from 'esbuild';
import { repoRoot, run } from '@clmb/testkit';

const BENCH_SERVERS = ['stock-gateway', 'hive-gateway', 'baseline', 'pg-counter'] as const;
type BenchServer = (typeof BENCH_SERVERS)[number];

export const benchBundle = (name: BenchServer): string => `scripts/bench/dist/${name}.js`;

// Workspace packages are TypeScript sources: bundled in. npm packages stay external.
const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@clmb/') ? undefined : { external: true }));
  },
};

export async function buildAll(): Promise<void> {
  await Promise.all(['users', 'gyms', 'router'].map((service) => run(process.execPath, ['--import', 'tsx', 'scripts/build.ts', service], { cwd: repoRoot })));
  await build({
    entryPoints: BENCH_SERVERS.map((name) => new URL(`${name}.ts`, import.meta.url).pathname),
    outdir: new URL('dist/', import.meta.url).pathname,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [npmPackagesExternal],
    logLevel: 'warning',
  });
}
