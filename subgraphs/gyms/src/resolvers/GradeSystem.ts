import type { GradeSystemResolvers } from '../__generated__/resolvers-types';
import * as gradeSystems from '../grades/grade-systems';

export const GradeSystem: GradeSystemResolvers = {
  __resolveReference: (reference, ctx) => gradeSystems.gradeSystemByReference(ctx, reference),
  grades: (system, _args, ctx) => gradeSystems.gradesOfSystem(ctx, system),
  updatedAt: (system) => system.modifiedAt,
};
