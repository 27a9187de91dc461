/**
 * The roles an account can have, defined once: the users table's enum (drizzle/users/schema.ts,
 * through `@clmb/common/roles`, which imports nothing), the access token's `role` claim and the
 * SDL's `Role`. ADMIN is global; CLIMBER and SETTER are what an account does.
 */
export const ROLES = ['CLIMBER', 'SETTER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];
