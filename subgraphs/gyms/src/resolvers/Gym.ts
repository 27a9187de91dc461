import type { GymResolvers } from '../__generated__/resolvers-types';
import { present, referenceId } from '../references';

export const Gym: GymResolvers = {
  // Keyed by id and by slug; archived gyms still resolve, so sessions logged there keep their gym.
  __resolveReference: (reference, { loaders }) => {
    if ('id' in reference) {
      const id = referenceId(reference.id);
      return id ? loaders.gymById.load(id) : null;
    }
    return typeof reference.slug === 'string' ? loaders.gymBySlug.load(reference.slug) : null;
  },
  gradeSystem: async (gym, _args, { loaders }) =>
    present(await loaders.gradeSystemById.load(gym.gradeSystemId), `grade system ${gym.gradeSystemId}`),
  routes: (gym, { includeStripped }, { loaders }) =>
    loaders.routesByGymId.load({ gymId: gym.id, includeStripped: includeStripped ?? false }),
};
