import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { InMemoryLRUCache, type KeyValueCache, PrefixingKeyValueCache } from '@apollo/utils.keyvaluecache';
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { parseManifest } from './manifest';
import { requireTrustedDocuments, TrustedDocumentCode, type TrustedDocumentCodeValue } from './screen';

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
  if (config.mode === 'off') return { persistedQueries: undefined, screen: (next?: RequestHandler) => next, documentFor: freeForm(undefined) };
  const documents = parseManifest(await readFile(config.manifestPath, 'utf8'), config.manifestPath);
  const apq = config.mode === 'allow' ? new InMemoryLRUCache<string>() : undefined;
  // The ids are the keys: Apollo's `apq:` prefix would only stand between an id and its document.
  const persistedQueries: PersistedQueries = { cache: PrefixingKeyValueCache.cacheDangerouslyDoesNotNeedPrefixesForIsolation(documentStore(documents, apq)) };
  const refuse = config.mode === 'require' ? requireTrustedDocuments(documents) : undefined;
  const screen = (next?: RequestHandler): RequestHandler | undefined =>
    refuse && next ? (req, res, done) => refuse(req, res, (error?: unknown) => (error ? done(error) : next(req, res, done))) : (refuse ?? next);
  return { persistedQueries, screen, documentFor: freeForm(documents, config.mode === 'require') };
}

/** A subscribe message's document, or the code it is refused with. */
export type DocumentFor = (message: { query?: string | null; id?: string | undefined }) => { text: string } | { refusal: TrustedDocumentCodeValue };

/**
 * For subscribe messages (graphql-ws), which carry the query text even when the app sends trusted
 * documents' ids over HTTP: with `require` the text must be a trusted document (its SHA-256 is an
 * id), or an id of one be given alone; otherwise any text, or a manifest id, is taken.
 */
const freeForm =
  (documents: ReadonlyMap<string, string> | undefined, required = false): DocumentFor =>
  ({ query, id }) => {
    if (query != null) {
      if (!required || documents?.has(createHash('sha256').update(query).digest('hex'))) return { text: query };
      return { refusal: TrustedDocumentCode.NOT_IN_LIST };
    }
    const text = id === undefined ? undefined : documents?.get(id);
    return text === undefined ? { refusal: id === undefined ? TrustedDocumentCode.ID_REQUIRED : TrustedDocumentCode.NOT_IN_LIST } : { text };
  };
