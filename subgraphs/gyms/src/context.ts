import { type Logger, requestIdOf, type VerifyAuthorization, type Viewer } from '@clmb/common';
import { CacheTags } from './cache/cache-tags';
import type { GymsDb } from './db';
import { createLoaders, type Loaders } from './loaders';
import type { UsersClient } from './users-client/users-client';

/** Long-lived dependencies, built once by the service. */
export interface Services {
  db: GymsDb;
  logger: Logger;
  /** The users subgraph, for checks made on behalf of the client request `requestId` (or of none). */
  usersFor: (requestId?: string) => UsersClient;
}

/** What every resolver gets: the services, who asks, and this request's loaders. */
export interface Context extends Services {
  viewer: Viewer | null;
  loaders: Loaders;
  /** The users subgraph, asked on behalf of this request. */
  users: UsersClient;
  /** What this request read and changed, for the router's caches: a write declares here what it changed. */
  cacheTags: CacheTags;
}

export const createContext = (services: Services, viewer: Viewer | null, requestId?: string): Context => ({
  ...services,
  viewer,
  loaders: createLoaders(services.db),
  users: services.usersFor(requestId),
  cacheTags: new CacheTags(),
});

type Request = { headers: { authorization?: string | undefined } & Record<string, string | string[] | undefined> };

/**
 * Builds each request's context. No Authorization header is an anonymous request; a bad one is
 * refused here with a 401 UNAUTHENTICATED, before any resolver runs, rather than quietly treated
 * as anonymous.
 */
export function createContextFactory(services: Services, verify: VerifyAuthorization) {
  return async ({ req }: { req: Request }): Promise<Context> => createContext(services, await verify(req.headers.authorization), requestIdOf(req));
}
