import type { Logger, VerifyAuthorization, Viewer } from '@clmb/common';
import type { GymsDb } from './db';
import { createLoaders, type Loaders } from './loaders';
import type { UsersClient } from './staff/users-client';

/** Long-lived dependencies, built once by the service. */
export interface Services {
  db: GymsDb;
  logger: Logger;
  /** The users service, asked who a staff login belongs to. */
  users: UsersClient;
}

/** What every resolver gets: the services, who asks, and this request's loaders. */
export interface Context extends Services {
  viewer: Viewer | null;
  loaders: Loaders;
}

export const createContext = (services: Services, viewer: Viewer | null): Context => ({
  ...services,
  viewer,
  loaders: createLoaders(services.db),
});

type Request = { headers: { authorization?: string | undefined } };

/**
 * Builds each request's context. No Authorization header is an anonymous request; a bad one is
 * refused here with a 401 UNAUTHENTICATED, before any resolver runs, rather than quietly treated
 * as anonymous.
 */
export function createContextFactory(services: Services, verify: VerifyAuthorization) {
  return async ({ req }: { req: Request }): Promise<Context> => createContext(services, await verify(req.headers.authorization));
}
