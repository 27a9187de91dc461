import { readFile } from 'node:fs/promises';
import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { InMemoryLRUCache, type KeyValueCache, PrefixingKeyValueCache } from '@apollo/utils.keyvaluecache';
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { parseManifest } from './manifest';
import { requireTrustedDocuments } from './screen';

type PersistedQueries = ApolloServerOptionsWithGateway<never>['persistedQueries'];

/**
 * Apollo Server's persisted query store: a trusted document's id finds its text first; with
 * `allow`, other ids are automatic persisted queries as before, kept in memory (Apollo's own
 * default store). With `require` nothing is ever added.
 */
function documentStore(documents: ReadonlyMap<string, string>, apq: KeyValueCache<string> | undefined): KeyValueCache<string> {
  return {
    get: async (id) => documents.get(id) ?? apq?.get(id),
    set: async (id, text, options) => apq?.set(id, text, options),
    delete: async (id) => apq?.delete(id),
  };
}

/**
 * Trusted documents (docs/api.md#trusted-documents), as TRUSTED_DOCUMENTS says:
 * - `persistedQueries` for Apollo Server: manifest ids resolve to their operations (`allow`,
 *   `require`); undefined with `off`, Apollo's automatic persisted queries as they always were;
 * - `screen(next)`: the HTTP handler to run before Apollo, `next` (e.g. the rate limit's early
 *   refusal) after the refusal of untrusted documents when `require` is set.
 * The manifest is read once, at start; a missing or bad one stops the router.
 */
export async function createTrustedDocuments(config: Config['trustedDocuments']) {
  if (config.mode === 'off') return { persistedQueries: undefined, screen: (next?: RequestHandler) => next };
  const documents = parseManifest(await readFile(config.manifestPath, 'utf8'), config.manifestPath);
  const apq = config.mode === 'allow' ? new InMemoryLRUCache<string>() : undefined;
  // The ids are the keys: Apollo's `apq:` prefix would only stand between an id and its document.
  const persistedQueries: PersistedQueries = { cache: PrefixingKeyValueCache.cacheDangerouslyDoesNotNeedPrefixesForIsolation(documentStore(documents, apq)) };
  const refuse = config.mode === 'require' ? requireTrustedDocuments(documents) : undefined;
  const screen = (next?: RequestHandler): RequestHandler | undefined =>
    refuse && next ? (req, res, done) => refuse(req, res, (error?: unknown) => (error ? done(error) : next(req, res, done))) : (refuse ?? next);
  return { persistedQueries, screen };
}
