import type DataLoader from 'dataloader';
import { BadUserInputError, NotFoundError, parseInput, requireRole, type Viewer } from '@clmb/common';
import type { GymRow } from '@clmb/drizzle/gyms';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import type { Loaders } from '../loaders';
import { insertGradeSystem } from '../grade-system-store';
import { archiveGym, insertGym, updateGym } from '../gym-store';
import {
  byIdInput,
  createGradeSystemInput,
  createGymInput,
  createRouteInput,
  stripRouteInput,
  updateGymInput,
  updateRouteInput,
} from '../inputs';
import { insertRoute, stripRoute, updateRoute } from '../route-store';
import { slugify } from '../slug';

const setterOrAdmin = (viewer: Viewer | null) => requireRole(viewer, 'SETTER', 'ADMIN');

/** Later fields of the same request must see the row as written, not as cached before the write. */
function fresh<T extends { id: string }>(loader: DataLoader<string, T | null>, row: T): T {
  loader.clear(row.id).prime(row.id, row);
  return row;
}

/** A grade for a route at `gym`: it must exist and belong to the gym's grade system. */
async function checkGrade(loaders: Loaders, gym: GymRow, gradeId: string): Promise<void> {
  const grade = await loaders.gradeById.load(gradeId);
  if (grade?.gradeSystemId !== gym.gradeSystemId) {
    throw new BadUserInputError("input.gradeId: is not a grade of the gym's grade system", 'input.gradeId');
  }
}

export const Mutation: MutationResolvers = {
  createGradeSystem: async (_parent, { input }, { viewer, db, loaders }) => {
    setterOrAdmin(viewer);
    return fresh(loaders.gradeSystemById, await insertGradeSystem(db, parseInput(createGradeSystemInput, input)));
  },

  createGym: async (_parent, { input }, { viewer, db, loaders }) => {
    setterOrAdmin(viewer);
    const { slug, ...values } = parseInput(createGymInput, input);
    const derived = slug ?? slugify(values.name);
    if (!derived) throw new BadUserInputError('input.slug: cannot be derived from the name, give one', 'input.slug');
    return fresh(loaders.gymById, await insertGym(db, { ...values, slug: derived }));
  },

  updateGym: async (_parent, { input }, { viewer, db, loaders }) => {
    setterOrAdmin(viewer);
    const { id, ...patch } = parseInput(updateGymInput, input);
    const gym = await updateGym(db, id, patch);
    if (!gym) throw new NotFoundError('Gym', id);
    return fresh(loaders.gymById, gym);
  },

  archiveGym: async (_parent, { input }, { viewer, db, loaders }) => {
    setterOrAdmin(viewer);
    const { id } = parseInput(byIdInput, input);
    const gym = await archiveGym(db, id);
    if (!gym) throw new NotFoundError('Gym', id);
    return fresh(loaders.gymById, gym);
  },

  createRoute: async (_parent, { input }, { viewer, db, loaders }) => {
    setterOrAdmin(viewer);
    const values = parseInput(createRouteInput, input);
    const gym = await loaders.gymById.load(values.gymId);
    if (!gym) throw new BadUserInputError('input.gymId: no gym has this id', 'input.gymId');
    if (gym.archivedAt) throw new BadUserInputError('input.gymId: the gym is archived', 'input.gymId');
    await checkGrade(loaders, gym, values.gradeId);
    loaders.routesByGymId.clearAll();
    return fresh(loaders.routeById, await insertRoute(db, values));
  },

  updateRoute: async (_parent, { input }, { viewer, db, loaders }) => {
    setterOrAdmin(viewer);
    const { id, ...patch } = parseInput(updateRouteInput, input);
    const route = await loaders.routeById.load(id);
    if (!route) throw new NotFoundError('Route', id);
    if (patch.gradeId) {
      const gym = await loaders.gymById.load(route.gymId);
      if (gym) await checkGrade(loaders, gym, patch.gradeId);
    }
    const updated = await updateRoute(db, id, patch);
    if (!updated) throw new NotFoundError('Route', id);
    loaders.routesByGymId.clearAll();
    return fresh(loaders.routeById, updated);
  },

  stripRoute: async (_parent, { input }, { viewer, db, loaders }) => {
    setterOrAdmin(viewer);
    const { id, strippedAt } = parseInput(stripRouteInput, input);
    const route = await loaders.routeById.load(id);
    if (!route) throw new NotFoundError('Route', id);
    if (strippedAt && strippedAt < route.setAt) {
      throw new BadUserInputError('input.strippedAt: must not be before the route was set', 'input.strippedAt');
    }
    const stripped = await stripRoute(db, id, strippedAt);
    if (!stripped) throw new NotFoundError('Route', id);
    loaders.routesByGymId.clearAll();
    return fresh(loaders.routeById, stripped);
  },
};
