import { present } from '@clmb/common';
import type { GradeResolvers } from '../__generated__/resolvers-types';
import { loadReference } from '../loaders';

export const Grade: GradeResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.gradeById, reference),
  system: async (grade, _args, { loaders }) =>
    present(await loaders.gradeSystemById.load(grade.gradeSystemId), `grade system ${grade.gradeSystemId}`),
};
