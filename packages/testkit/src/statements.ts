/**
 * Statement counting for one request: leaves out what a service runs beside any request (the
 * users service polls `users.token_revocation` every 2 s, and after it starts looks for climbs
 * without a frozen grade), which would otherwise land in a measured window now and then.
 */
const BACKGROUND = /^\s*select\b[\s\S]*("users"\."token_revocation"|"users"\."climb"[\s\S]*"grade_id" is null)/i;

export const countingRequestStatements =
  (record: (sql: string) => void) =>
  (sql: string): void => {
    if (!BACKGROUND.test(sql)) record(sql);
  };
