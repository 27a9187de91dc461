import { groupedLoader, manyLoader, one, oneLoader } from '@clmb/common';
import type { ProjectRow } from '@clmb/drizzle/users';
import type { UsersDb } from '../db';
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

const userRoute = (key: UserRouteKey) => `${key.userId}|${key.routeId}`;

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
  /** A user's tries and sessions on a route, one query per user; null for a route they never climbed. */
  projectProgress: groupedLoader<UserRouteKey, ProjectProgressRow | null>({
    cacheKey: userRoute,
    group: (key) => key.userId,
    load: async (keys) => {
      const userId = keys[0]!.userId;
      return one(keys.map((key) => key.routeId), await projectProgress(db, userId, keys.map((key) => key.routeId)), (row) => row.routeId);
    },
  }),
});
