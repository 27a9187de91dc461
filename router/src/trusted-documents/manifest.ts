import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Apollo's persisted query list format, as `npm run trusted-documents` writes it. */
const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string(),
    }),
  ),
});

/**
 * The trusted documents: id → operation text. An id must be the SHA-256 of its body (what the
 * script writes, and what automatic persisted queries call an operation), so a manifest edited by
 * hand cannot map a trusted id to another document. A bad manifest stops the router at start.
 */
export function parseManifest(text: string, path: string): ReadonlyMap<string, string> {
  let parsed: z.infer<typeof manifestSchema>;
  try {
    parsed = manifestSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new Error(`${path} is not a persisted query manifest: ${error instanceof Error ? error.message : String(error)}`);
  }
  const documents = new Map<string, string>();
  for (const { id, name, body } of parsed.operations) {
    if (createHash('sha256').update(body).digest('hex') !== id) throw new Error(`${path}: the id of operation ${name} is not the SHA-256 of its body`);
    documents.set(id, body);
  }
  return documents;
}
