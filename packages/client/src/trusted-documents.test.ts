import { createHash } from 'node:crypto';
import { generatePersistedQueryIdsFromManifest, sortTopLevelDefinitions } from '@apollo/persisted-query-lists';
import manifest from '@clmb/schema/persisted-query-manifest.json' with { type: 'json' };
import { type DocumentNode, Kind, print } from 'graphql';
import { expect, it } from 'vitest';
import * as kit from './index';

/** The kit's operations (`LogInDocument` …), not its fragments. */
const documents = Object.entries(kit).filter(
  (entry): entry is [string, DocumentNode] =>
    (entry[1] as DocumentNode | undefined)?.kind === Kind.DOCUMENT && (entry[1] as DocumentNode).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION),
);

it('has an id in the trusted documents for every operation of the kit, the SHA-256 of the text Apollo Client would send', async () => {
  const { generateHash } = generatePersistedQueryIdsFromManifest({ loadManifest: () => manifest });
  expect(documents.length).toBe(manifest.operations.length);
  for (const [name, document] of documents) {
    const operation = manifest.operations.find((o) => `${o.name}Document` === name);
    expect(operation, name).toBeDefined();
    expect(await generateHash(document)).toBe(operation!.id);
    expect(createHash('sha256').update(operation!.body).digest('hex')).toBe(operation!.id);
    // The manifest's text is the kit's document as Apollo Client sends it: __typename added, definitions sorted.
    expect(operation!.body.replace(/\n\s*__typename/g, ''), name).toBe(print(sortTopLevelDefinitions(document)));
  }
});
