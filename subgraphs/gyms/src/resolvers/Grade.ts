import type { GradeResolvers } from '../__generated__/resolvers-types';
import { present, referenceId } from '../references';

export const Grade: GradeResolvers = {
  __resolveReference: (reference, { loaders }) => {
    const id = referenceId(reference.id);
    return id ? loaders.gradeById.load(id) : null;
  },
  system: async (grade, _args, { loaders }) =>
    present(await loaders.gradeSystemById.load(grade.gradeSystemId), `grade system ${grade.gradeSystemId}`),
};
