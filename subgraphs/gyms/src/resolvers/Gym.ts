import type { GymResolvers } from '../__generated__/resolvers-types';
import * as gradeSystems from '../grades/grade-systems';
import * as gyms from '../gyms/gyms';
import * as routes from '../routes/routes';
import * as walls from '../routes/walls';
import * as staff from '../staff/staff';

export const Gym: GymResolvers = {
  __resolveReference: (reference, ctx) => gyms.gymByReference(ctx, reference),
  gradeSystem: (gym, _args, ctx) => gradeSystems.gradeSystemOf(ctx, gym),
  routes: (gym, args, ctx) => routes.routesOfGym(ctx, gym, args),
  walls: (gym, _args, ctx) => walls.wallsOfGym(ctx, gym),
  updatedAt: (gym) => gym.modifiedAt,
  staff: (gym, args, ctx) => staff.staffOfGym(ctx, gym, args),
};
