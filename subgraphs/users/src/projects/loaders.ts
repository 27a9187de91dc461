import { groupedLoader, manyLoader, one, oneLoader } from '@clmb/common';
import type { ProjectRow } from '@clmb/drizzle/users';
import type { UsersDb } from '../db';
import type { Allowed } from '../privacy/narrowing-store';
import {
  activeProjectCounts,
  findProjectsByIds,
  findProjectsOfUserOnRoutes,
  findProjectsOfUsers,
  type ProjectProgressRow,
  projectProgress,
} from './project-store';

/** A user's project on a route, or their progress on it. */
interface UserRouteKey {
  userId: string;
  routeId: string;
}

/** A user's progress on a route, over the narrowings the viewer may see (null: all). */
interface ProgressKey extends UserRouteKey {
  allowed: Allowed;
}

const userRoute = (key: UserRouteKey) => `${key.userId}|${key.routeId}`;
const allowedKey = (key: ProgressKey) => key.allowed?.join(',') ?? '*';

/** The projects' loaders, new per request (see ../loaders.ts). */
export const projectLoaders = (db: UsersDb) => ({
  projectById: oneLoader((ids) => findProjectsByIds(db, ids), (row) => row.id),
  /** A user's projects in their order (at most 200). */
  projectsByUserId: manyLoader((ids) => findProjectsOfUsers(db, ids), (row) => row.userId),
  /** One query per user, and a request has one viewer. */
  projectByUserAndRoute: groupedLoader<UserRouteKey, ProjectRow | null>({
    cacheKey: userRoute,
    group: (key) => key.userId,
    load: async (keys) => one(keys.map(userRoute), await findProjectsOfUserOnRoutes(db, keys[0]!.userId, keys.map((key) => key.routeId)), userRoute),
  }),
  /** null for a route without projects not sent yet. */
  activeProjectCountByRouteId: oneLoader((ids) => activeProjectCounts(db, ids), (row) => row.routeId),
  /**
   * A user's tries, sessions and first send on a route over what the viewer may see, one query per
   * user; null for a route with no climb they may see.
   */
  projectProgress: groupedLoader<ProgressKey, ProjectProgressRow | null>({
    cacheKey: (key) => `${userRoute(key)}|${allowedKey(key)}`,
    group: (key) => `${key.userId}|${allowedKey(key)}`,
    load: async (keys) => {
      const { userId, allowed } = keys[0]!;
      return one(keys.map((key) => key.routeId), await projectProgress(db, userId, keys.map((key) => key.routeId), allowed), (row) => row.routeId);
    },
  }),
});
