import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { generatePersistedQueryIdsFromManifest } from '@apollo/persisted-query-lists';
import manifest from '@clmb/schema/persisted-query-manifest.json' with { type: 'json' };

/**
 * Sends every operation of the kit by its id in the trusted documents (docs/api.md#trusted-documents),
 * `extensions.persistedQuery.sha256Hash` without the query text, as a router with
 * TRUSTED_DOCUMENTS=require (production) accepts it and one with `allow` resolves it. The ids come
 * from schema/persisted-query-manifest.json, which lists exactly the kit's operations. Put it before
 * the HttpLink.
 */
export const trustedDocumentsLink = (): PersistedQueryLink =>
  new PersistedQueryLink(generatePersistedQueryIdsFromManifest({ loadManifest: () => manifest }));
