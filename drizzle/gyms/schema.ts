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

/**
 * What a route is like to climb (holds, angle, movement, style): a fixed vocabulary, the SDL's
 * `RouteTag` (a test holds the two equal). Postgres compares enum values in this order, which is
 * the order tags are listed in when nothing else orders them.
 */
export const ROUTE_TAGS = [
  'CRIMPY',
  'SLOPEY',
  'PINCHY',
  'POCKETS',
  'JUGS',
  'SLAB',
  'VERTICAL',
  'OVERHANG',
  'ROOF',
  'DYNO',
  'COORDINATION',
  'TECHNICAL',
  'POWERFUL',
  'ENDURANCE',
  'BALANCE',
  'COMPRESSION',
  'HEEL_HOOKS',
  'TOE_HOOKS',
  'MANTLE',
  'MORPHO',
] as const;
export const routeTag = gymsSchema.enum('route_tag', ROUTE_TAGS);

/** How many tags a setter gives a route, at most. */
export const SETTER_TAGS_MAX = 6;

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
    /** How many days before its planned strip time a route counts as out soon. */
    outSoonDays: integer('out_soon_days').default(7).notNull(),
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
    check('gym_out_soon_days_range', sql`${t.outSoonDays} between 1 and 60`),
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
    /** When the gym plans to strip the route; a stripped route keeps it, beside when it came down. */
    plannedStripAt: timestamp('planned_strip_at', { withTimezone: true }),
    /** The setter's tags, in the order they gave them; climbers' votes are in route_tag_vote. */
    tags: routeTag('tags').array().default(sql`'{}'`).notNull(),
    ...timestamps,
  },
  (t) => [
    index('route_gym_id_set_at_idx').on(t.gymId, t.setAt, t.id),
    index('route_grade_id_idx').on(t.gradeId),
    index('route_wall_id_set_at_idx').on(t.wallId, t.setAt, t.id),
    // A gym's (a wall's) routes as routes(includeStripped: true) lists them: on the wall, then the
    // most recently stripped (route-store's firstPerOwner reads a listing's worth, not the history).
    index('route_gym_id_stripped_at_set_at_idx').on(t.gymId, t.strippedAt.desc().nullsFirst(), t.setAt.desc(), t.id.desc()),
    index('route_wall_id_stripped_at_set_at_idx').on(t.wallId, t.strippedAt.desc().nullsFirst(), t.setAt.desc(), t.id.desc()),
    // Whatever writes a route, its wall (when it has one) belongs to the same gym.
    foreignKey({ name: 'route_wall_same_gym_fk', columns: [t.gymId, t.wallId], foreignColumns: [walls.gymId, walls.id] }),
    // A gym's routes coming down, soonest first (Gym.routesComingDown).
    index('route_gym_id_planned_strip_at_idx').on(t.gymId, t.plannedStripAt, t.id).where(sql`${t.strippedAt} is null`),
    check('route_tags_max', sql`cardinality(${t.tags}) <= ${sql.raw(String(SETTER_TAGS_MAX))}`),
  ],
);

/**
 * Climbers' votes for a route's tags, one row per tag voted. A vote taken back keeps its row
 * (`withdrawn_at`) for a while: the rate limit counts changes, additions and withdrawals, from
 * these timestamps. `user_id` is a users-service id (no foreign key across services).
 */
export const routeTagVotes = gymsSchema.table(
  'route_tag_vote',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    routeId: uuid('route_id')
      .notNull()
      .references(() => routes.id),
    userId: uuid('user_id').notNull(),
    tag: routeTag('tag').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    // One standing vote per climber, route and tag; a route's tally reads these.
    uniqueIndex('route_tag_vote_standing_key').on(t.routeId, t.tag, t.userId).where(sql`${t.withdrawnAt} is null`),
    // A climber's changes in the rate limit's window, and their own votes.
    index('route_tag_vote_user_id_idx').on(t.userId, t.createdAt),
  ],
);

/** What a climber reports about a route. */
export const routeReportReason = gymsSchema.enum('route_report_reason', ['LOOSE_HOLD', 'SPINNING_HOLD', 'DANGEROUS', 'OTHER']);

/** A climber's "reset this" on a route: one per climber and route; the user lives in the users service. */
export const routeRenewVotes = gymsSchema.table(
  'route_renew_vote',
  {
    routeId: uuid('route_id')
      .notNull()
      .references(() => routes.id),
    userId: uuid('user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [primaryKey({ name: 'route_renew_vote_pkey', columns: [t.routeId, t.userId] })],
);

/**
 * Every vote or withdrawal a climber made, kept an hour: the rate limit counts a climber's changes
 * here, as a withdrawal leaves no vote row behind.
 */
export const renewVoteChanges = gymsSchema.table(
  'renew_vote_change',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    routeId: uuid('route_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index('renew_vote_change_user_id_created_at_idx').on(t.userId, t.createdAt)],
);

/** A climber's report of a route (a loose hold ...), open until the gym's staff resolve it. */
export const routeReports = gymsSchema.table(
  'route_report',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    routeId: uuid('route_id')
      .notNull()
      .references(() => routes.id),
    // The route's gym, copied from it (a route never changes gym): the staff's queue is per gym.
    gymId: uuid('gym_id')
      .notNull()
      .references(() => gyms.id),
    reporterId: uuid('reporter_id').notNull(),
    reason: routeReportReason('reason').notNull(),
    note: varchar('note', { length: 500 }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by'),
    resolution: varchar('resolution', { length: 500 }),
    ...timestamps,
    // Milliseconds, as a page cursor carries them: rows of one instant page whole (as users' 0011).
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  },
  (t) => [
    // One open report per climber, route and reason.
    uniqueIndex('route_report_open_key').on(t.routeId, t.reporterId, t.reason).where(sql`${t.resolvedAt} is null`),
    index('route_report_gym_id_created_at_idx').on(t.gymId, t.createdAt, t.id),
    index('route_report_route_id_idx').on(t.routeId),
    index('route_report_reporter_id_created_at_idx').on(t.reporterId, t.createdAt, t.id),
  ],
);

/**
 * How many routes a wall should hold in a band of grades: from one grade to another (inclusive),
 * compared on the difficulty scale, so a band of any system of the gym's discipline works.
 */
export const wallGradeTargets = gymsSchema.table(
  'wall_grade_target',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    wallId: uuid('wall_id')
      .notNull()
      .references(() => walls.id),
    fromGradeId: uuid('from_grade_id')
      .notNull()
      .references(() => grades.id),
    toGradeId: uuid('to_grade_id')
      .notNull()
      .references(() => grades.id),
    count: integer('count').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index('wall_grade_target_wall_id_idx').on(t.wallId), check('wall_grade_target_count_range', sql`${t.count} between 0 and 100`)],
);

/**
 * Who set a route, in the order the setters are credited (at most 5, position 0 to 4). A setter is
 * a users account: no foreign key reaches it, so the gyms service checks the ids with the users
 * service when a route's setters are written, and a deleted account's rows stay (its reference
 * then resolves to null).
 */
export const routeSetters = gymsSchema.table(
  'route_setters',
  {
    routeId: uuid('route_id')
      .notNull()
      .references(() => routes.id),
    userId: uuid('user_id').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ name: 'route_setters_pkey', columns: [t.routeId, t.userId] }),
    unique('route_setters_position_key').on(t.routeId, t.position),
    // A setter's routes (User.routesSet, a gym's setters).
    index('route_setters_user_id_idx').on(t.userId),
    check('route_setters_position_range', sql`${t.position} between 0 and 4`),
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
    // Milliseconds, as a page cursor carries them: rows of one instant page whole (as users' 0011).
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ name: 'gym_staff_pkey', columns: [t.gymId, t.userId] }),
    // staffRoles of a user, and the cap of gyms per user.
    index('gym_staff_user_id_idx').on(t.userId),
  ],
);

/** Where a staff invitation stands. A PENDING one past its `expires_at` reads as EXPIRED, and is stored so when the same login is invited again. */
export const staffInvitationStatus = gymsSchema.enum('staff_invitation_status', ['PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED', 'EXPIRED']);

/**
 * An invitation to a gym's staff (subgraphs/gyms/src/staff/invitations.ts). Addressed to a users
 * account (`user_id`, a users-service id) when the login matched one at invite time; an email that
 * matched no account with that verified address keeps only its hash (`login_key`) and is never
 * bound. `login` is what the owner sees: a username as typed, an email masked.
 */
export const gymStaffInvitations = gymsSchema.table(
  'gym_staff_invitation',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    gymId: uuid('gym_id')
      .notNull()
      .references(() => gyms.id),
    /** The login as the owner sees it: the username as typed, an email masked (`ad***@example.com`). */
    login: varchar('login', { length: 255 }).notNull(),
    /** One open invitation per gym and login: the lowercased username, or `sha256:` and the lowercased email's hash. */
    loginKey: varchar('login_key', { length: 80 }).notNull(),
    userId: uuid('user_id'),
    role: staffRole('role').notNull(),
    status: staffInvitationStatus('status').notNull().default('PENDING'),
    invitedBy: uuid('invited_by').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // A gym's invitations newest first (Gym.staffInvitations), its open ones and its daily count.
    index('gym_staff_invitation_gym_id_created_at_idx').on(t.gymId, t.createdAt, t.id),
    // An invitee's invitations (myStaffInvitations).
    index('gym_staff_invitation_user_id_created_at_idx').on(t.userId, t.createdAt, t.id),
    // At most one PENDING invitation per gym and login (an expired one is stored EXPIRED before a new one).
    uniqueIndex('gym_staff_invitation_pending_key').on(t.gymId, t.loginKey).where(sql`${t.status} = 'PENDING'`),
  ],
);

export type GradeSystemRow = typeof gradeSystems.$inferSelect;
export type GradeRow = typeof grades.$inferSelect;
export type GymRow = typeof gyms.$inferSelect;
export type RouteRow = typeof routes.$inferSelect;
export type WallRow = typeof walls.$inferSelect;
export type RouteTagVoteRow = typeof routeTagVotes.$inferSelect;
export type RouteTag = (typeof routeTag.enumValues)[number];
export type RouteRenewVoteRow = typeof routeRenewVotes.$inferSelect;
export type RouteReportRow = typeof routeReports.$inferSelect;
export type RouteReportReason = (typeof routeReportReason.enumValues)[number];
export type WallGradeTargetRow = typeof wallGradeTargets.$inferSelect;
export type RouteSetterRow = typeof routeSetters.$inferSelect;
export type GymStaffRow = typeof gymStaff.$inferSelect;
export type GymStaffInvitationRow = typeof gymStaffInvitations.$inferSelect;
export type StaffInvitationStatus = (typeof staffInvitationStatus.enumValues)[number];
export type StaffRoleValue = (typeof staffRole.enumValues)[number];
export type Discipline = (typeof discipline.enumValues)[number];
