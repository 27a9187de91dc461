/** The header that carries a request's id: from the client (or the router) in, back to the client out. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * The id a request is known by. The HTTP layer (http.ts) takes a well-formed incoming one or makes
 * one and writes it into the request's own header, so whatever sees the request — Apollo's plugins
 * (`request.http.headers`), a context function (`req.headers`) — reads it there.
 */
export const requestIdOf = (req: { headers: Record<string, string | string[] | undefined> }): string | undefined => {
  const id = req.headers[REQUEST_ID_HEADER];
  return typeof id === 'string' ? id : undefined;
};
