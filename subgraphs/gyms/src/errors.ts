import { BadUserInputError } from '@clmb/common';

// The error classes both services throw live in @clmb/common; gyms adds no class of its own.
export { NotFoundError } from '@clmb/common';

/** BAD_USER_INPUT on one input field, worded like parseInput's: `input.gymId: the gym is archived`. */
export const invalidField = (field: string, problem: string): BadUserInputError =>
  new BadUserInputError(`${field}: ${problem}`, field);
