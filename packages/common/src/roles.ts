/**
 * The roles an account can have, defined once: the access token's `role` claim and the SDL's
 * `Role`. ADMIN is global; what a user may do at a gym is the gym's staff role (the gyms service's
 * `gym_staff`, docs/staff.md), no longer a global SETTER.
 */
export const ROLES = ['CLIMBER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The users table's enum (drizzle/users/schema.ts, through `@clmb/common/roles`, which imports
 * nothing): ROLES plus the retired global SETTER, which Postgres cannot drop cheaply from an enum.
 * No account keeps it once the legacy setters are handed over to the gyms' staff.
 */
export const STORED_ROLES = ['CLIMBER', 'SETTER', 'ADMIN'] as const;
export type StoredRole = (typeof STORED_ROLES)[number];

/** A stored role as the API and tokens know it: the retired SETTER is a CLIMBER (its staff rows say the rest). */
export const roleOf = (stored: StoredRole): Role => (stored === 'SETTER' ? 'CLIMBER' : stored);
