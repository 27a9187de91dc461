import type { HttpAppOptions, VerifyAuthorization, Viewer } from '@clmb/common';
import type { GymsDb } from './db';
import { createLoaders, type Loaders } from './loaders';

/** What every resolver gets: who asks, the database for writes, and this request's loaders. */
export interface Context {
  viewer: Viewer | null;
  db: GymsDb;
  loaders: Loaders;
}

export const createContext = (db: GymsDb, viewer: Viewer | null): Context => ({
  viewer,
  db,
  loaders: createLoaders(db),
});

/**
 * No Authorization header is an anonymous request; a bad one is refused here with a 401
 * UNAUTHENTICATED, before any resolver runs, rather than quietly treated as anonymous.
 */
export const createContextFactory =
  (db: GymsDb, verify: VerifyAuthorization): HttpAppOptions<Context>['context'] =>
  async ({ req }) =>
    createContext(db, await verify(req.headers.authorization));
