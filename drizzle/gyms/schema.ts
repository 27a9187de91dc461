import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  numeric,
  pgSchema,
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

export const gradeSystems = gymsSchema.table(
  'grade_system',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: varchar('name', { length: 64 }).notNull(),
    description: text('description'),
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
    ...timestamps,
  },
  (t) => [
    // Also serve gradesBySystemId, ordered by difficulty.
    unique('grade_system_order_key').on(t.gradeSystemId, t.difficultyOrder),
    unique('grade_system_value_key').on(t.gradeSystemId, t.value),
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
    colour: varchar('colour', { length: 32 }).notNull(),
    setAt: timestamp('set_at', { withTimezone: true }).defaultNow().notNull(),
    // Stripped routes stay: climbs logged on them must still resolve.
    strippedAt: timestamp('stripped_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('route_gym_id_set_at_idx').on(t.gymId, t.setAt, t.id),
    index('route_grade_id_idx').on(t.gradeId),
  ],
);

export type GradeSystemRow = typeof gradeSystems.$inferSelect;
export type GradeRow = typeof grades.$inferSelect;
export type GymRow = typeof gyms.$inferSelect;
export type RouteRow = typeof routes.$inferSelect;
