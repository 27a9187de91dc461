import { loadReference } from '@clmb/common';
import type { GradeSystemResolvers } from '../__generated__/resolvers-types';

export const GradeSystem: GradeSystemResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.gradeSystemById, reference),
  grades: (system, _args, { loaders }) => loaders.gradesBySystemId.load(system.id),
  updatedAt: (system) => system.modifiedAt,
};
