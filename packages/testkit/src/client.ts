/** The shape of a GraphQL response, loose enough for assertions on whole results. */
export interface GraphQLResponse<TData = Record<string, any>> {
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

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

/** The `extensions.code` of every error, for compact assertions. */
export const errorCodes = (response: GraphQLResponse): unknown[] =>
  (response.errors ?? []).map((error) => error.extensions?.['code']);
