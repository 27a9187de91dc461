import { ErrorCode, invalidField } from '@clmb/common';
import { GraphQLError } from 'graphql';

// The errors both services raise (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT) are
// @clmb/common's; these are the users service's own.

/** A mailed link's token that is unknown, used or expired: BAD_USER_INPUT on it, with what to do. */
export const invalidEmailToken = (field: string) => invalidField(field, 'this link is invalid, used or expired; ask for a new one.');


/**
 * The change would leave no active ADMIN, and with none nobody could ever appoint one through the
 * API. FORBIDDEN (a code every layer passes through), told apart by `reason`.
 */
export class LastAdminError extends GraphQLError {
  constructor() {
    super('This is the last active admin: make another user ADMIN first.', { extensions: { code: ErrorCode.FORBIDDEN, reason: 'LAST_ADMIN' } });
  }
}
