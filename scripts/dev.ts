/**
 * `npm run dev`: the `rover dev` loop without Apollo's cloud. The three services run as in
 * `npm start`; a code change restarts the service it belongs to (a change to shared code restarts
 * them all); a subgraph SDL change is composed first: if it composes, its resolver types are
 * regenerated, schema/supergraph.graphql is rewritten, the subgraph restarts, and the router swaps
 * to the new supergraph without a restart. If it does not compose, the errors are printed with
 * their file and line, and the last good supergraph keeps serving.
 */
import { watch } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { composeSupergraph, SUPERGRAPH_FILE } from '../schema/compose';
import { generate, generatedFile } from './codegen';
import { ports, root, serviceSpecs } from './services';
import { log, supervise, waitUntilReady } from './supervisor';

const SUBGRAPHS = ['users', 'gyms'] as const;
type Subgraph = (typeof SUBGRAPHS)[number];

const services = supervise(await serviceSpecs({ router: { SUPERGRAPH_WATCH: 'true' } }), root);

/** Which services a changed file belongs to: its own, or all three for shared code. */
function owners(path: string): string[] {
  if (path.includes('__generated__') || !/\.(ts|sql)$/.test(path) || /\.(test|int|e2e)\.ts$/.test(path)) return [];
  const own = /^(subgraphs\/(users|gyms)|router)\//.exec(path);
  if (own) return [own[2] ?? 'router'];
  if (/^(packages\/common|drizzle)\//.test(path)) return ['gyms', 'users', 'router'];
  return [];
}

async function onSdlChange(subgraph: Subgraph): Promise<void> {
  const composed = await composeSupergraph();
  if (!composed.supergraphSdl) {
    log('dev', `composition failed after a change to the ${subgraph} SDL; the last good supergraph keeps serving:`);
    for (const error of composed.errors) log('dev', `  ${error}`);
    return;
  }
  for (const hint of composed.hints) log('dev', `hint: ${hint}`);
  await writeFile(generatedFile(subgraph), await generate(subgraph));
  await services.restart(subgraph);
  await waitUntilReady(`http://127.0.0.1:${ports[subgraph]}/ready`, services.stopping);
  if ((await readFile(SUPERGRAPH_FILE, 'utf8')) !== composed.supergraphSdl) {
    await writeFile(SUPERGRAPH_FILE, composed.supergraphSdl);
    log('dev', `composed schema/supergraph.graphql with the new ${subgraph} SDL`);
  }
}

// Changes arrive in bursts (an editor's save, a git checkout): act once they settle.
const pending = new Map<string, NodeJS.Timeout>();
function settle(key: string, action: () => Promise<void>): void {
  clearTimeout(pending.get(key));
  pending.set(
    key,
    setTimeout(() => {
      pending.delete(key);
      action().catch((error: unknown) => log('dev', `${key}: ${error instanceof Error ? error.message : error}`));
    }, 200),
  );
}

for (const dir of ['subgraphs', 'router/src', 'packages/common/src', 'drizzle']) {
  watch(new URL(`${dir}/`, root), { recursive: true }, (_event, file) => {
    if (!file) return;
    const path = `${dir}/${file}`;
    const sdl = /^subgraphs\/(users|gyms)\/src\/schema\.graphql$/.exec(path);
    if (sdl) return settle(`sdl:${sdl[1]}`, () => onSdlChange(sdl[1] as Subgraph));
    for (const service of owners(path)) settle(`code:${service}`, () => services.restart(service));
  });
}

for (const port of [ports.gyms, ports.users, ports.router]) await waitUntilReady(`http://127.0.0.1:${port}/ready`, services.stopping);
if (!services.stopping()) {
  log('dev', `watching: code changes restart their service, SDL changes recompose the supergraph`);
  log('dev', `router on http://localhost:${ports.router}/graphql, offline explorer on /graphiql`);
}
