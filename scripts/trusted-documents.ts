/**
 * `npm run trusted-documents`: writes schema/persisted-query-manifest.json, the trusted documents
 * (docs/api.md#trusted-documents): every operation of the app's kit (@clmb/client, generated from
 * schema/operations/*.graphql) with the fragments it uses, exactly as Apollo Client sends it
 * (`__typename` added), in Apollo's persisted query list format; an operation's id is the SHA-256
 * of its body. `--check` fails when the committed file differs.
 *
 * Apollo's @apollo/generate-persisted-query-manifest does the work: it runs each document through
 * a real ApolloClient. Its file globbing wants one operation per file (schema/operations holds
 * several), so it is handed the kit's documents as GraphQL Codegen's persisted documents instead.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromGraphQLCodegenPersistedDocuments, generatePersistedQueryManifest } from '@apollo/generate-persisted-query-manifest';
// The generated documents alone: the kit's index imports the manifest this script writes.
import * as kit from '@clmb/client/operations';
import { Kind, print, type DocumentNode } from 'graphql';

export const manifestFile = new URL('../schema/persisted-query-manifest.json', import.meta.url);

/** Every operation the kit exports (`LogInDocument` …, not its fragments), as GraphQL text with its fragments. */
const kitDocuments = (): string[] =>
  Object.values(kit)
    .filter((value): value is DocumentNode => (value as DocumentNode | undefined)?.kind === Kind.DOCUMENT)
    .filter((document) => document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION))
    .map((document) => print(document));

export async function generate(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clmb-trusted-documents-'));
  try {
    const documentsFile = join(dir, 'persisted-documents.json');
    await writeFile(documentsFile, JSON.stringify(Object.fromEntries(kitDocuments().map((text, i) => [String(i), text]))));
    // On a bad document the tool prints what is wrong and exits 1: it is a CLI at heart.
    const manifest = await generatePersistedQueryManifest({ documents: fromGraphQLCodegenPersistedDocuments(documentsFile) }, undefined);
    return `${JSON.stringify(manifest, null, 2)}\n`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(args: string[]): Promise<number> {
  const fresh = await generate();
  if (args.includes('--check')) {
    if ((await readFile(manifestFile, 'utf8').catch(() => '')) === fresh) return 0;
    console.error('schema/persisted-query-manifest.json is stale: run `npm run trusted-documents` and commit it.');
    return 1;
  }
  await writeFile(manifestFile, fresh);
  console.log(`wrote schema/persisted-query-manifest.json (${JSON.parse(fresh).operations.length} operations)`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
