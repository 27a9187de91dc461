import { format } from 'node:util';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { vi } from 'vitest';
import { RefreshTokenDocument } from './__generated__/operations';
import { authLink } from './auth-link';
import { trustedDocumentsLink } from './trusted-documents';
import { typePolicies } from './type-policies';

/**
 * Everything Apollo Client prints (its invariant.warn/error/log go to the console) is recorded
 * instead of printed, so a test can assert there was none.
 */
export function captureConsole() {
  const lines: string[] = [];
  const methods = ['warn', 'error', 'log', 'info', 'debug'] as const;
  const spies = methods.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(`console.${method}: ${format(...args)}`);
    }),
  );
  return { lines, restore: () => {
      for (const spy of spies) spy.mockRestore();
    }, };
}

export interface Tokens {
  accessToken: string | null;
  refreshToken: string | null;
}

/**
 * An app's client as docs/api.md sets it up: the kit's cache policies, auth link and trusted documents over HTTP. It
 * records the name of every operation that reaches the network, to show what the cache answered.
 */
export function appClient(uri: string, tokens: Tokens = { accessToken: null, refreshToken: null }) {
  const sent: string[] = [];
  const record = new ApolloLink((operation, forward) => {
    sent.push(operation.operationName ?? '');
    return forward(operation);
  });
  const client: ApolloClient = new ApolloClient({
    cache: new InMemoryCache({ typePolicies }),
    link: ApolloLink.from([
      authLink({
        accessToken: () => tokens.accessToken,
        refresh: async () => {
          if (!tokens.refreshToken) return null;
          try {
            const { data } = await client.mutate({
              mutation: RefreshTokenDocument,
              variables: { input: { refreshToken: tokens.refreshToken } },
              context: { anonymous: true },
            });
            Object.assign(tokens, { accessToken: data!.refreshToken.accessToken, refreshToken: data!.refreshToken.refreshToken });
          } catch {
            Object.assign(tokens, { accessToken: null, refreshToken: null });
          }
          return tokens.accessToken;
        },
      }),
      record,
      trustedDocumentsLink(),
      new HttpLink({ uri }),
    ]),
  });
  return { client, tokens, sent };
}
