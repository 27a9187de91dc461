/** What a client got back from a raw request: status, the first error's code and message, headers. */
export interface Answer {
  status: number;
  code: unknown;
  message: string;
  headers: Headers;
}

/** Sends a raw request the way a hostile client would (any body, any headers), and reads the first error. */
export async function send(url: string, body: string | Uint8Array, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, ...(method === 'GET' ? {} : { body }) });
  const text = await res.text();
  let json: { errors?: { message: string; extensions?: { code?: unknown } }[] } = {};
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON at all: the assertion on `code` says so.
  }
  return { status: res.status, code: json.errors?.[0]?.extensions?.code, message: json.errors?.[0]?.message ?? text, headers: res.headers };
}
/** A GraphQL request body. */
export const op = (query: string, variables?: unknown) => JSON.stringify({ query, variables });
