import { loadReference, present } from '@clmb/common';
import type { GradeResolvers } from '../__generated__/resolvers-types';
import { equivalent } from '../grades/grade-systems';

export const Grade: GradeResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.gradeById, reference),
  system: async (grade, _args, { loaders }) =>
    present(await loaders.gradeSystemById.load(grade.gradeSystemId), `grade system ${grade.gradeSystemId}`),
  equivalent: (grade, { systemId }, ctx) => equivalent(ctx, grade, systemId),
  updatedAt: (grade) => grade.modifiedAt,
};
