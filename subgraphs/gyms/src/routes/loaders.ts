import { groupedLoader, many, manyLoader, oneLoader, prime } from '@clmb/common';
import type { GradeRow, RouteRow, RouteTag } from '@clmb/drizzle/gyms';
import type DataLoader from 'dataloader';
import type { GymsDb } from '../db';
import {
  findRoutesByGymIds,
  findRoutesByIds,
  findRoutesByWallIds,
  findRoutesComingDown,
  type RouteFilter,
  type RouteWithGrade,
  type StripCursor,
} from './route-store';
import { findStandingVotes, findTagTallies } from './tag-vote-store';
import { findSettersByRouteIds } from './route-setter-store';
import { findWallsByGymIds, findWallsByIds } from './wall-store';

interface RoutesOfGym {
  gymId: string;
  includeStripped: boolean;
  /** The statement's group: gyms of one grade discipline under one filter get the same grade ranges. */
  filter: RouteFilter;
}

interface RoutesOnWall {
  wallId: string;
  includeStripped: boolean;
}

/** One page of a gym's routes coming down: `limit` is the page size plus one. */
interface RoutesComingDown {
  gymId: string;
  withinDays: number;
  limit: number;
  after: StripCursor | null;
}

/** A climber's votes on a route. */
interface VotesOnRoute {
  userId: string;
  routeId: string;
}

const comingDownGroup = (key: RoutesComingDown) => `${key.withinDays}|${key.limit}|${key.after ? `${key.after.time.toISOString()}|${key.after.id}` : ''}`;

/**
 * Batching mechanics, not a rule: the route lists of several owners (gyms or walls) come from one
 * statement, which fetches an owner's stripped routes too when one of its keys asks for them
 * (`withStripped`). Another key of that owner then gets what the statement would have given it
 * alone, its standing routes: one statement serves both kinds of key.
 */
async function routeLists<O extends 'gymId' | 'wallId'>(
  keys: readonly ({ includeStripped: boolean } & Record<O, string>)[],
  owner: O,
  fetch: (ownerIds: string[], withStripped: string[]) => Promise<RouteRow[]>,
): Promise<RouteRow[][]> {
  const owners = [...new Set(keys.map((key) => key[owner]))];
  const withStripped = [...new Set(keys.filter((key) => key.includeStripped).map((key) => key[owner]))];
  const lists = many<string | null, RouteRow>(owners, await fetch(owners, withStripped), (row) => row[owner]);
  const byOwner = new Map(owners.map((id, i) => [id, lists[i] ?? []]));
  return keys.map((key) => (byOwner.get(key[owner]) ?? []).filter((row) => key.includeStripped || row.strippedAt === null));
}

/**
 * Walls and routes, new per request (see ../loaders.ts). Routes are read with their grade (one
 * join), which goes into `gradeById`: a route's `grade` is then answered without a statement.
 */
export function routeLoaders(db: GymsDb, gradeById: DataLoader<string, GradeRow | null>) {
  const gradesPrimed = (rows: RouteWithGrade[]): RouteRow[] =>
    rows.map(({ route, grade }) => {
      prime(gradeById, grade);
      return route;
    });
  return {
    wallById: oneLoader((ids) => findWallsByIds(db, ids), (row) => row.id),
    /** A gym's walls, by name. */
    wallsByGymId: manyLoader((ids) => findWallsByGymIds(db, ids), (row) => row.gymId),
    /** A route's setters, in credited order. */
    settersByRouteId: manyLoader((ids) => findSettersByRouteIds(db, ids), (row) => row.routeId),
    routeById: oneLoader(async (ids) => gradesPrimed(await findRoutesByIds(db, ids)), (row) => row.id),
    /** One statement per distinct filter, whatever the number of gyms and their grade systems. */
    routesByGymId: groupedLoader<RoutesOfGym, RouteRow[]>({
      cacheKey: (key) => `${key.gymId}:${key.includeStripped}:${JSON.stringify(key.filter)}`,
      group: (key) => JSON.stringify(key.filter),
      load: (keys) =>
        routeLists(keys, 'gymId', async (gymIds, withStripped) => gradesPrimed(await findRoutesByGymIds(db, gymIds, withStripped, keys[0]!.filter))),
    }),
    /** Walls take no filter: one group, every wall of a batch in one statement. */
    routesByWallId: groupedLoader<RoutesOnWall, RouteRow[]>({
      cacheKey: (key) => `${key.wallId}:${key.includeStripped}`,
      group: () => 'walls',
      load: (keys) => routeLists(keys, 'wallId', async (wallIds, withStripped) => gradesPrimed(await findRoutesByWallIds(db, wallIds, withStripped))),
    }),
    /** Pages of the same window, size and cursor share one statement, whatever the number of gyms. */
    routesComingDownByGymId: groupedLoader<RoutesComingDown, RouteRow[]>({
      cacheKey: (key) => `${key.gymId}|${comingDownGroup(key)}`,
      group: comingDownGroup,
      load: async (keys) => {
        const { withinDays, limit, after } = keys[0]!;
        const gymIds = keys.map((key) => key.gymId);
        return many(gymIds, gradesPrimed(await findRoutesComingDown(db, gymIds, withinDays, limit, after)), (row) => row.gymId);
      },
    }),
    /** A route's standing tag votes, tallied per tag: the most voted first. */
    tagTalliesByRouteId: manyLoader((ids) => findTagTallies(db, ids), (row) => row.routeId),
    /** One climber's standing tag votes on each route asked for: a statement per climber (a request has one). */
    tagVotesOfUser: groupedLoader<VotesOnRoute, RouteTag[]>({
      cacheKey: (key) => `${key.userId}:${key.routeId}`,
      group: (key) => key.userId,
      load: async (keys) => {
        const routeIds = keys.map((key) => key.routeId);
        const rows = await findStandingVotes(db, keys[0]!.userId, routeIds);
        return many(routeIds, rows, (row) => row.routeId).map((votes) => votes.map((vote) => vote.tag));
      },
    }),
  };
}
