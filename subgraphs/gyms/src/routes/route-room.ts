import { invalidField } from '@clmb/common';
import type { GymsDb } from '../db';
import { lockGym } from '../gyms/gym-store';
import { countStandingRoutes, MAX_ROUTES_PER_GYM, MAX_ROUTES_PER_WALL } from './route-store';

/**
 * Room for one more route on the wall at the gym (`gym`) and on the wall `wallId`: at most
 * MAX_ROUTES_PER_GYM and MAX_ROUTES_PER_WALL, what `Gym.routes` and `Wall.routes` list. The gym
 * stays locked until the caller's transaction writes the route.
 */
export async function checkRoom(tx: GymsDb, gymId: string, wallId: string | null, check: { gym: boolean }): Promise<void> {
  await lockGym(tx, gymId);
  const standing = await countStandingRoutes(tx, gymId, wallId);
  if (check.gym && standing.gym >= MAX_ROUTES_PER_GYM)
    throw invalidField('input.gymId', `the gym already has ${MAX_ROUTES_PER_GYM} routes, the most a gym has: strip one first`);
  if (wallId && standing.wall >= MAX_ROUTES_PER_WALL)
    throw invalidField('input.wallId', `the wall already has ${MAX_ROUTES_PER_WALL} routes, the most a wall has: strip one first`);
}

