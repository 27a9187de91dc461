import type { RequestHandler } from 'express';
import { graphqlParamsOf } from '../request-params';

export const TrustedDocumentCode = {
  /** A query text (free-form, or with an id as automatic persisted queries send it), or no id at all. */
  ID_REQUIRED: 'PERSISTED_QUERY_ID_REQUIRED',
  /** An id that is not one of the trusted documents. */
  NOT_IN_LIST: 'PERSISTED_QUERY_NOT_IN_LIST',
} as const;

export type TrustedDocumentCodeValue = (typeof TrustedDocumentCode)[keyof typeof TrustedDocumentCode];

export const TRUSTED_DOCUMENT_MESSAGES: Record<TrustedDocumentCodeValue, string> = {
  PERSISTED_QUERY_ID_REQUIRED:
    'This router answers trusted documents only: send the id of an operation of the app (extensions.persistedQuery.sha256Hash) without its query text.',
  PERSISTED_QUERY_NOT_IN_LIST: 'This persisted query id is not one of the trusted documents.',
};

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
    const { query, persistedQueryId: id } = graphqlParamsOf(req);
    const refusal = query != null || id === undefined ? TrustedDocumentCode.ID_REQUIRED : documents.has(id) ? undefined : TrustedDocumentCode.NOT_IN_LIST;
    if (!refusal) return next();
    res.status(400).json({ errors: [{ message: TRUSTED_DOCUMENT_MESSAGES[refusal], extensions: { code: refusal } }] });
  };
