import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@clmb/common';

/**
 * The committed supergraph file, and in development (`watch`) every later version of it: the
 * gateway swaps to a new supergraph without a restart. Requests already executing finish on the
 * plan they started with; a file that does not load (half written, or invalid) is logged and the
 * last good supergraph keeps serving.
 */
export function supergraphFile(path: string, options: { watch: boolean; logger: Logger }): SupergraphSdlHook {
  return async ({ update }) => {
    let current = await readFile(path, 'utf8');
    if (!options.watch) return { supergraphSdl: current };
    let timer: NodeJS.Timeout | undefined;
    const reload = async () => {
      const next = await readFile(path, 'utf8').catch(() => current);
      if (next === current) return;
      try {
        update(next);
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
      supergraphSdl: current,
      cleanup: async () => {
        clearTimeout(timer);
        watcher.close();
      },
    };
  };
}
