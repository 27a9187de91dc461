import type { GradeResolvers } from '../__generated__/resolvers-types';
import * as gradeSystems from '../grades/grade-systems';

export const Grade: GradeResolvers = {
  __resolveReference: (reference, ctx) => gradeSystems.gradeByReference(ctx, reference),
  system: (grade, _args, ctx) => gradeSystems.gradeSystemOf(ctx, grade),
  equivalent: (grade, { systemId }, ctx) => gradeSystems.equivalent(ctx, grade, systemId),
  updatedAt: (grade) => grade.modifiedAt,
};
