import { ErrorCode, invalidField } from '@clmb/common';
import { GraphQLError } from 'graphql';

// The errors both services raise (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT) are
// @clmb/common's; these are the users service's own.

/** A mailed link's token that is unknown, used or expired: BAD_USER_INPUT on it, with what to do. */
export const invalidEmailToken = (field: string) => invalidField(field, 'this link is invalid, used or expired; ask for a new one.');

/**
 * Google sign-in found a password account with the same email whose address was never verified:
 * linking would hand that account (and whoever created it) a Google login. The owner of the
 * address proves it first, by the verification link or a password reset. FORBIDDEN (a code every
 * layer passes through), told apart by `reason`.
 */
export class EmailNotVerifiedError extends GraphQLError {
  constructor() {
    super(
      'An account with this email exists, but its email address is not verified. Verify it with the link we mailed, or reset the password (requestPasswordReset) to claim the account, then sign in with Google again.',
      { extensions: { code: ErrorCode.FORBIDDEN, reason: 'EMAIL_NOT_VERIFIED' } },
    );
  }
}
