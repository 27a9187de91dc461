import type { Logger, VerifyAuthorization, Viewer } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import type { Accounts } from './auth/accounts';
import { clientAddress } from './client-address';
import type { UsersDb } from './db';
import type { GymsClient } from './gyms-client';
import { createLoaders, type Loaders } from './loaders';

/** Long-lived dependencies, built once by the service. */
export interface Services {
  db: UsersDb;
  accounts: Accounts;
  gyms: GymsClient;
  logger: Logger;
}

export interface Context extends Services {
  viewer: Viewer | null;
  /**
   * Users who proved who they are in this request (signUp, logIn, ...): their AuthPayload's `user`
   * reads as themselves, without changing the viewer of the rest of the operation.
   */
  authenticated: WeakSet<object>;
  loaders: Loaders;
  /** Who to count brute-force limits against: the client's address, as the router saw it. */
  clientAddress: string;
}

/** The viewer as far as `user`'s own fields are concerned. */
export const viewerOf = (ctx: Pick<Context, 'viewer' | 'authenticated'>, user: UserRow): Viewer | null =>
  ctx.authenticated.has(user) ? { id: user.id, role: user.role } : ctx.viewer;

type Request = Parameters<typeof clientAddress>[0] & { headers: { authorization?: string | undefined } };

/**
 * Builds each request's context. A missing Authorization header is an anonymous viewer; a bad or
 * expired token rejects the request with UNAUTHENTICATED rather than silently dropping to anonymous.
 */
export function createContextFactory(services: Services, verify: VerifyAuthorization) {
  return async ({ req }: { req: Request }): Promise<Context> => {
    const viewer = await verify(req.headers.authorization);
    return {
      ...services,
      viewer,
      authenticated: new WeakSet(),
      loaders: createLoaders(services.db),
      clientAddress: clientAddress(req),
    };
  };
}
