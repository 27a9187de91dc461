/** The shape of a GraphQL response, loose enough for assertions on whole results. */
export interface GraphQLResponse<TData = Record<string, any>> {
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/**
 * Sends one operation somewhere (a subgraph, the router), optionally as the holder of `token`.
 * Builders and tests take one, so the same code drives a single service or the whole supergraph.
 */
export type Gql = (query: string, variables?: Record<string, unknown>, token?: string) => Promise<GraphQLResponse & { status: number }>;

/** POSTs one operation to a GraphQL endpoint like an app would. */
export async function graphql<TData = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData> & { status: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse<TData>;
  return { status: response.status, ...body };
}

/** `graphql` bound to one endpoint, sending `headers` too (a User-Agent, the address a router forwards). */
export const gqlAt =
  (url: string, headers: Record<string, string> = {}): Gql =>
  (query, variables, token) =>
    graphql(url, query, variables, token, headers);

/** The data of a response that must not have failed; otherwise throws with the errors' JSON. */
export function dataOf<T = Record<string, any>>(response: GraphQLResponse<any>): T {
  if (response.errors?.length || !response.data) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(response.errors ?? null)}`);
  return response.data as T;
}

/** POSTs one operation that must succeed (a setup step, a script's seeding) and returns its data; throws with the errors' JSON otherwise. */
export const dataFrom = async <T = Record<string, any>>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> =>
  dataOf<T>(await graphql(url, query, variables, token));

/** The `extensions.code` of every error, for compact assertions. */
export const errorCodes = (response: GraphQLResponse): unknown[] =>
  (response.errors ?? []).map((error) => error.extensions?.['code']);

/** The `extensions.field` of the first error: the input field a BAD_USER_INPUT names. */
export const errorField = (response: GraphQLResponse): unknown => response.errors?.[0]?.extensions?.['field'];
