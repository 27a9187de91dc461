import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { timestamps } from '../columns';

/** Everything the gyms service stores lives in this Postgres schema, owned by its own role. */
export const gymsSchema = pgSchema('gyms');

/** Grades convert only within a discipline: a boulder grade has no rope equivalent. */
export const discipline = gymsSchema.enum('discipline', ['BOULDER', 'ROPE']);

/** The difficulty scale's bounds, per discipline; docs/api.md explains the scale. */
export const SCALE_MIN = 0;
export const SCALE_MAX = 1000;

export const gradeSystems = gymsSchema.table(
  'grade_system',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: varchar('name', { length: 64 }).notNull(),
    description: text('description'),
    discipline: discipline('discipline').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('grade_system_name_key').on(sql`lower(${t.name})`)],
);

export const grades = gymsSchema.table(
  'grade',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    gradeSystemId: uuid('grade_system_id')
      .notNull()
      .references(() => gradeSystems.id),
    value: varchar('value', { length: 32 }).notNull(),
    difficultyOrder: integer('difficulty_order').notNull(),
    /** Where the grade sits on its discipline's difficulty scale, comparable across systems. */
    scale: integer('scale').notNull(),
    ...timestamps,
  },
  (t) => [
    // Also serve gradesBySystemId, ordered by difficulty.
    unique('grade_system_order_key').on(t.gradeSystemId, t.difficultyOrder),
    unique('grade_system_value_key').on(t.gradeSystemId, t.value),
    // Scale values rise with difficultyOrder, so no two grades of a system share one.
    unique('grade_system_scale_key').on(t.gradeSystemId, t.scale),
    check('grade_scale_range', sql`${t.scale} between ${sql.raw(String(SCALE_MIN))} and ${sql.raw(String(SCALE_MAX))}`),
  ],
);

// numeric(9,6) is exact to ~0.1 m, and unlike the seed's varchar it can be range-checked and compared.
const coordinate = (name: string) => numeric(name, { precision: 9, scale: 6, mode: 'number' });

export const gyms = gymsSchema.table(
  'gym',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    gradeSystemId: uuid('grade_system_id')
      .notNull()
      .references(() => gradeSystems.id),
    name: varchar('name', { length: 64 }).notNull(),
    slug: varchar('slug', { length: 64 }).notNull(),
    address: varchar('address', { length: 128 }).notNull(),
    city: varchar('city', { length: 128 }).notNull(),
    country: varchar('country', { length: 64 }).notNull(),
    latitude: coordinate('latitude').notNull(),
    longitude: coordinate('longitude').notNull(),
    phone: varchar('phone', { length: 32 }),
    email: varchar('email', { length: 255 }),
    website: varchar('website', { length: 255 }),
    description: text('description'),
    // Gyms are archived, never deleted: logged sessions in the users service keep pointing at them.
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('gym_slug_key').on(t.slug),
    index('gym_name_id_idx').on(t.name, t.id),
    index('gym_city_idx').on(sql`lower(${t.city})`),
    index('gym_country_idx').on(sql`lower(${t.country})`),
    index('gym_grade_system_id_idx').on(t.gradeSystemId),
    // `near` first narrows to a latitude (and, away from the poles and ±180°, longitude) box.
    index('gym_latitude_longitude_idx').on(t.latitude, t.longitude),
    check('gym_latitude_range', sql`${t.latitude} between -90 and 90`),
    check('gym_longitude_range', sql`${t.longitude} between -180 and 180`),
  ],
);

export const walls = gymsSchema.table(
  'wall',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    gymId: uuid('gym_id')
      .notNull()
      .references(() => gyms.id),
    name: varchar('name', { length: 64 }).notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('wall_gym_name_key').on(t.gymId, sql`lower(${t.name})`),
    // The target of route_wall_same_gym_fk: a route's wall is at the route's gym.
    unique('wall_gym_id_id_key').on(t.gymId, t.id),
  ],
);

export const routes = gymsSchema.table(
  'route',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    gymId: uuid('gym_id')
      .notNull()
      .references(() => gyms.id),
    gradeId: uuid('grade_id')
      .notNull()
      .references(() => grades.id),
    name: varchar('name', { length: 64 }),
    wallId: uuid('wall_id'),
    colour: varchar('colour', { length: 32 }).notNull(),
    setAt: timestamp('set_at', { withTimezone: true }).defaultNow().notNull(),
    // Stripped routes stay: climbs logged on them must still resolve.
    strippedAt: timestamp('stripped_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('route_gym_id_set_at_idx').on(t.gymId, t.setAt, t.id),
    index('route_grade_id_idx').on(t.gradeId),
    index('route_wall_id_set_at_idx').on(t.wallId, t.setAt, t.id),
    // Whatever writes a route, its wall (when it has one) belongs to the same gym.
    foreignKey({ name: 'route_wall_same_gym_fk', columns: [t.gymId, t.wallId], foreignColumns: [walls.gymId, walls.id] }),
  ],
);

/** What a member of a gym's staff may do there (subgraphs/gyms/src/staff/access.ts). */
export const staffRole = gymsSchema.enum('staff_role', ['OWNER', 'HEAD_SETTER', 'SETTER']);

/**
 * A gym's staff: who may write what at the gym. `user_id` and `added_by` are users-service ids
 * (no foreign key across services).
 */
export const gymStaff = gymsSchema.table(
  'gym_staff',
  {
    gymId: uuid('gym_id')
      .notNull()
      .references(() => gyms.id),
    userId: uuid('user_id').notNull(),
    role: staffRole('role').notNull(),
    /** Who added the member; null for a member adopted from the old global SETTER role. */
    addedBy: uuid('added_by'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'gym_staff_pkey', columns: [t.gymId, t.userId] }),
    // staffRoles of a user, and the cap of gyms per user.
    index('gym_staff_user_id_idx').on(t.userId),
  ],
);

export type GradeSystemRow = typeof gradeSystems.$inferSelect;
export type GradeRow = typeof grades.$inferSelect;
export type GymRow = typeof gyms.$inferSelect;
export type RouteRow = typeof routes.$inferSelect;
export type WallRow = typeof walls.$inferSelect;
export type GymStaffRow = typeof gymStaff.$inferSelect;
export type StaffRoleValue = (typeof staffRole.enumValues)[number];
export type Discipline = (typeof discipline.enumValues)[number];
