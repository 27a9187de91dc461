import type { Request, RequestHandler } from 'express';

export const TrustedDocumentCode = {
  /** A query text (free-form, or with an id as automatic persisted queries send it), or no id at all. */
  ID_REQUIRED: 'PERSISTED_QUERY_ID_REQUIRED',
  /** An id that is not one of the trusted documents. */
  NOT_IN_LIST: 'PERSISTED_QUERY_NOT_IN_LIST',
} as const;

const MESSAGES: Record<(typeof TrustedDocumentCode)[keyof typeof TrustedDocumentCode], string> = {
  PERSISTED_QUERY_ID_REQUIRED:
    'This router answers trusted documents only: send the id of an operation of the app (extensions.persistedQuery.sha256Hash) without its query text.',
  PERSISTED_QUERY_NOT_IN_LIST: 'This persisted query id is not one of the trusted documents.',
};

/** What a request carries: its query text (if any) and its persisted query id (if any). */
function paramsOf(req: Request): { hasQuery: boolean; id: string | undefined } {
  const params = (req.method === 'GET' ? req.query : req.body) as { query?: unknown; extensions?: unknown } | undefined;
  let extensions = params?.extensions;
  // A GET carries `extensions` as JSON text in the query string.
  if (typeof extensions === 'string') {
    try {
      extensions = JSON.parse(extensions);
    } catch {
      extensions = undefined;
    }
  }
  const id = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return { hasQuery: params?.query != null, id: typeof id === 'string' ? id : undefined };
}

/**
 * TRUSTED_DOCUMENTS=require, once the body is read and before Apollo's pipeline: a request passes
 * only with the id of a trusted document and no query text, as Apollo Router's safelisting with
 * `require_id` does. Anything else is a 400 for a lookup, so an untrusted document is never
 * parsed, validated, planned or sent to a subgraph; Apollo then finds the id's text through
 * `persistedQueries` (see index.ts).
 */
export const requireTrustedDocuments =
  (documents: ReadonlyMap<string, string>): RequestHandler =>
  (req, res, next) => {
    const { hasQuery, id } = paramsOf(req);
    const refusal = hasQuery || id === undefined ? TrustedDocumentCode.ID_REQUIRED : documents.has(id) ? undefined : TrustedDocumentCode.NOT_IN_LIST;
    if (!refusal) return next();
    res.status(400).json({ errors: [{ message: MESSAGES[refusal], extensions: { code: refusal } }] });
  };
