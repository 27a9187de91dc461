import { invalidField } from '@clmb/common';

// The errors both services raise (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT) are
// @clmb/common's; these are the users service's own.

/** A mailed link's token that is unknown, used or expired: BAD_USER_INPUT on it, with what to do. */
export const invalidEmailToken = (field: string) => invalidField(field, 'this link is invalid, used or expired; ask for a new one.');

