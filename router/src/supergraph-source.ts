import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@clmb/common';
import { type ArgumentNode, Kind, parse, print, visit } from 'graphql';

/**
 * The access features the router enforces itself, before planning (`@authenticated`,
 * `@requiresScopes`, `@policy`). Composition links them `for: SECURITY`, which tells a router that
 * does not know them to refuse the supergraph, and @apollo/gateway knows none of them. The gateway is
 * handed the supergraph with that purpose dropped: the directives stay in the schema, and a
 * supergraph that links any other unknown SECURITY or EXECUTION feature is still refused.
 */
const ENFORCED_BY_THE_ROUTER = ['authenticated', 'requiresScopes', 'policy'].map((name) => `https://specs.apollo.dev/${name}/`);

const enforcedByTheRouter = (args: readonly ArgumentNode[] | undefined) =>
  args?.some(
    (arg) =>
      arg.name.value === 'url' && arg.value.kind === Kind.STRING && ENFORCED_BY_THE_ROUTER.some((url) => (arg.value as { value: string }).value.startsWith(url)),
  ) ?? false;

/** The supergraph as @apollo/gateway accepts it (see ENFORCED_BY_THE_ROUTER). */
export function forGateway(supergraphSdl: string): string {
  if (!ENFORCED_BY_THE_ROUTER.some((url) => supergraphSdl.includes(url))) return supergraphSdl;
  return print(
    visit(parse(supergraphSdl), {
      Directive(node) {
        if (node.name.value !== 'link' || !enforcedByTheRouter(node.arguments)) return undefined;
        return { ...node, arguments: node.arguments?.filter((arg) => arg.name.value !== 'for') };
      },
    }),
  );
}

/**
 * The committed supergraph file, and in development (`watch`) every later version of it: the
 * gateway swaps to a new supergraph without a restart. Requests already executing finish on the
 * plan they started with; a file that does not load (half written, or invalid) is logged and the
 * last good supergraph keeps serving.
 */
export function supergraphFile(path: string, options: { watch: boolean; logger: Logger }): SupergraphSdlHook {
  return async ({ update }) => {
    let current = await readFile(path, 'utf8');
    if (!options.watch) return { supergraphSdl: forGateway(current) };
    let timer: NodeJS.Timeout | undefined;
    const reload = async () => {
      const next = await readFile(path, 'utf8').catch(() => current);
      if (next === current) return;
      try {
        update(forGateway(next));
        current = next;
        options.logger.info({ path }, 'supergraph reloaded');
      } catch (error) {
        options.logger.error({ err: error, path }, 'new supergraph refused; the previous one keeps serving');
      }
    };
    // Watch the folder, not the file: an editor or a compose step replaces the file by renaming.
    const watcher = watch(dirname(path), (_event, file) => {
      if (file !== basename(path)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), 100);
    });
    return {
      supergraphSdl: forGateway(current),
      cleanup: async () => {
        clearTimeout(timer);
        watcher.close();
      },
    };
  };
}
