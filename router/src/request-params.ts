import type { Request } from 'express';

/** A request's `extensions`: an object in a POST body, JSON text in a GET's query string. */
function extensionsOf(extensions: unknown): unknown {
  if (typeof extensions !== 'string') return extensions;
  try {
    return JSON.parse(extensions);
  } catch {
    return undefined;
  }
}

/**
 * What a GraphQL request carries, read from the HTTP request before Apollo reads it (the early
 * screens: the rate limit's and trusted documents'): its query text, if any, and its persisted
 * query id (`extensions.persistedQuery.sha256Hash`), if any.
 */
export function graphqlParamsOf(req: Request): { query: unknown; persistedQueryId: string | undefined } {
  const params = (req.method === 'GET' ? req.query : req.body) as { query?: unknown; extensions?: unknown } | undefined;
  const id = (extensionsOf(params?.extensions) as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return { query: params?.query, persistedQueryId: typeof id === 'string' ? id : undefined };
}
