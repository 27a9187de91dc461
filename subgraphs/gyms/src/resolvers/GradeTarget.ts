import type { GradeTargetResolvers } from '../__generated__/resolvers-types';
import * as gradeTargets from '../planning/grade-targets';

export const GradeTarget: GradeTargetResolvers = {
  fromGrade: (target, _args, ctx) => gradeTargets.fromGradeOf(ctx, target),
  toGrade: (target, _args, ctx) => gradeTargets.toGradeOf(ctx, target),
};
