import type { GradeSystemResolvers } from '../__generated__/resolvers-types';
import { referenceId } from '../references';

export const GradeSystem: GradeSystemResolvers = {
  __resolveReference: (reference, { loaders }) => {
    const id = referenceId(reference.id);
    return id ? loaders.gradeSystemById.load(id) : null;
  },
  grades: (system, _args, { loaders }) => loaders.gradesBySystemId.load(system.id),
};
