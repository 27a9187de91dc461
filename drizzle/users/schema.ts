import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, pgSchema, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { STORED_ROLES } from '@clmb/common/roles';
import { timestamps } from '../columns';

/** Everything the users service stores lives in this Postgres schema, owned by its own role. */
export const usersSchema = pgSchema('users');

export const role = usersSchema.enum('role', STORED_ROLES);
export const mood = usersSchema.enum('mood', ['TERRIBLE', 'BAD', 'OKAY', 'GOOD', 'EXCELLENT']);
export const energy = usersSchema.enum('energy', ['EXHAUSTED', 'TIRED', 'AVERAGE', 'ENERGETIC', 'PUMPED']);
export const emailTokenPurpose = usersSchema.enum('email_token_purpose', ['VERIFY_EMAIL', 'RESET_PASSWORD', 'CHANGE_EMAIL']);
export const ascentStyle = usersSchema.enum('ascent_style', ['FLASH', 'ONSIGHT', 'REDPOINT', 'REPEAT', 'ATTEMPT']);
/** The gyms service's disciplines, copied onto climbs so that stats never ask gyms. */
export const discipline = usersSchema.enum('discipline', ['BOULDER', 'ROPE']);
/**
 * Who may see a climber's data: everyone, the climber's followers, or the climber alone. An account
 * has one; a session, and a climb within it, may narrow it (never widen). See subgraphs/users/src/privacy.
 */
export const visibility = usersSchema.enum('visibility', ['PUBLIC', 'FOLLOWERS', 'PRIVATE']);
/** What a notification tells its recipient of. */
export const notificationKind = usersSchema.enum('notification_kind', [
  'NEW_FOLLOWER',
  'FOLLOW_REQUEST',
  'FOLLOW_ACCEPTED',
  'KUDOS',
  'COMMENT',
  'PROJECT_COMING_DOWN',
  'LEADERBOARD_PLACE_TAKEN',
]);

export const users = usersSchema.table(
  'user',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: varchar('email', { length: 255 }).notNull(),
    username: varchar('username', { length: 64 }).notNull(),
    firstName: varchar('first_name', { length: 64 }),
    lastName: varchar('last_name', { length: 128 }),
    // Null for accounts that only ever signed in through an identity provider.
    passwordHash: varchar('password_hash', { length: 255 }),
    googleId: varchar('google_id', { length: 255 }),
    role: role('role').default('CLIMBER').notNull(),
    // Proven by a link mailed to `email` (or by Google); only then may Google sign-in link to the account.
    emailVerified: boolean('email_verified').default(false).notNull(),
    // Set by an ADMIN: the user cannot log in, and every login of theirs has ended.
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    // Raised to revoke every access token issued before (tokens carry it as `gen`).
    tokenGeneration: integer('token_generation').default(0).notNull(),
    // Who may see the climber's profile details, logbook, stats, projects and activity (privacy/rule.ts).
    visibility: visibility('visibility').default('FOLLOWERS').notNull(),
    ...timestamps,
    // What the public `updatedAt` shows: moved by a change of the public profile only, so that it
    // tells nobody of logins, passwords or roles (modified_at moves with every change).
    profileModifiedAt: timestamp('profile_modified_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    uniqueIndex('user_email_key').on(sql`lower(${t.email})`),
    uniqueIndex('user_username_key').on(sql`lower(${t.username})`),
    // searchUsers: a username prefix, in byte order, whatever the database's collation (a
    // collation's order does not keep a prefix's matches together; "C" does, and serves LIKE 'ab%').
    index('user_username_prefix_idx').on(sql`(lower(${t.username}) collate "C")`),
    uniqueIndex('user_google_id_key').on(t.googleId),
  ],
);

export const sessions = usersSchema.table(
  'session',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // References gyms.gym in another service: checked by the service on write, never a foreign key.
    gymId: uuid('gym_id').notNull(),
    name: varchar('name', { length: 64 }),
    // Milliseconds, as a page cursor carries them (ISO date-times): rows made within one
    // millisecond must not fall between a cursor and the row it was taken from.
    startTime: timestamp('start_time', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
    endTime: timestamp('end_time', { withTimezone: true, precision: 3 }),
    notes: text('notes'),
    mood: mood('mood'),
    energy: energy('energy'),
    // Narrows the account's visibility for this session and its climbs; null: the account's.
    visibility: visibility('visibility'),
    // Written by a logbook import: its natural key (user, gym, start time) is unique among imported
    // sessions. Not among all: the API may log two sessions at one instant, and has.
    imported: boolean('imported').default(false).notNull(),
    ...timestamps,
  },
  (t) => [
    // The logbook pages a user's sessions newest first: (user_id, start_time desc, id desc) is the keyset.
    index('session_user_id_start_time_idx').on(t.userId, t.startTime.desc(), t.id.desc()),
    // A gym's sessions of a window (WEEK and MONTH leaderboards, Gym.activity): the window only, however long the history.
    index('session_gym_id_start_time_idx').on(t.gymId, t.startTime),
    // A viewer who may not see every session of a climber counts the narrowed ones ("+N private"): few, apart.
    index('session_user_id_narrowed_idx').on(t.userId, t.visibility).where(sql`${t.visibility} is not null`),
    uniqueIndex('session_imported_key_idx').on(t.userId, t.gymId, t.startTime).where(sql`${t.imported}`),
    check('session_end_after_start', sql`${t.endTime} is null or ${t.endTime} >= ${t.startTime}`),
  ],
);

export const climbs = usersSchema.table(
  'climb',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    // References gyms.route in another service: checked on write, never a foreign key.
    routeId: uuid('route_id').notNull(),
    attempts: integer('attempts').notNull(),
    sent: boolean('sent').notNull(),
    style: ascentStyle('style'),
    notes: text('notes'),
    // The route's grade when the climb was logged, frozen (a regrade or strip never rewrites
    // history), with what stats need from gyms. Null only until the backfill has reached a climb
    // logged before these columns existed.
    gradeId: uuid('grade_id'),
    // `Grade.scale`: the grade's place on its discipline's difficulty scale.
    gradeScale: integer('grade_scale'),
    discipline: discipline('discipline'),
    // The route's gym (the session's gym), for per-gym aggregates without a join.
    gymId: uuid('gym_id'),
    // Narrows the session's visibility for this climb; null: the session's.
    visibility: visibility('visibility'),
    // Written by a logbook import: its natural key (session, route, logged time) is unique among
    // imported climbs. Not among all: climbs logged by the API may share one.
    imported: boolean('imported').default(false).notNull(),
    ...timestamps,
  },
  (t) => [
    index('climb_session_id_created_at_idx').on(t.sessionId, t.createdAt, t.id),
    index('climb_route_id_idx').on(t.routeId),
    // Leaderboards and gym activity: a gym's climbs in a period.
    index('climb_gym_id_created_at_idx').on(t.gymId, t.createdAt),
    // The backfill finds the climbs it has not reached yet.
    index('climb_grade_pending_idx').on(t.id).where(sql`${t.gradeId} is null`),
    uniqueIndex('climb_imported_key_idx').on(t.sessionId, t.routeId, t.createdAt).where(sql`${t.imported}`),
    check('climb_attempts_positive', sql`${t.attempts} >= 1`),
  ],
);

/*
 * Stats' aggregates, kept by triggers on session and climb in the writing statement's transaction
 * (migration climber_stats_triggers), so that `User.stats` reads a row per month, never a row per
 * climb. A bucket is one UTC month of session starts at one narrowness: 0 public (or not
 * narrowed), 1 followers, 2 private; a climb's is the narrower of its session's and its own. Counts
 * move by exact deltas, so buckets emptied by deletes or moves stay as zeros.
 */
export const climberMonths = usersSchema.table(
  'climber_month',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // The first day of the month (UTC) the sessions started in.
    month: date('month', { mode: 'string' }).notNull(),
    narrowness: smallint('narrowness').notNull(),
    sessions: integer('sessions').default(0).notNull(),
    // Of ended sessions.
    durationMs: bigint('duration_ms', { mode: 'number' }).default(0).notNull(),
    climbs: integer('climbs').default(0).notNull(),
    sends: integer('sends').default(0).notNull(),
    flashes: integer('flashes').default(0).notNull(),
    onsights: integer('onsights').default(0).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.month, t.narrowness] })],
);

/** Graded climbs per (user, discipline, month, grade, narrowness): pyramids, progressions, the hardest send. */
export const climberGradeMonths = usersSchema.table(
  'climber_grade_month',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    discipline: discipline('discipline').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    gradeId: uuid('grade_id').notNull(),
    gradeScale: integer('grade_scale').notNull(),
    narrowness: smallint('narrowness').notNull(),
    climbs: integer('climbs').default(0).notNull(),
    sends: integer('sends').default(0).notNull(),
    // The sum of the climbs' attempts.
    tries: integer('tries').default(0).notNull(),
    // The bucket's earliest send in hardestSend's order (session start, climb created_at, climb
    // id), with its sort key, so the hardest send reads one climb by id; null without sends. Not a
    // foreign key: the triggers replace it when it goes.
    firstSendId: uuid('first_send_id'),
    firstSendStart: timestamp('first_send_start', { withTimezone: true }),
    firstSendCreatedAt: timestamp('first_send_created_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.discipline, t.month, t.gradeId, t.gradeScale, t.narrowness] })],
);

export const refreshTokens = usersSchema.table(
  'refresh_token',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // Every token minted by rotating one login shares a family, so a replayed token can revoke them all.
    familyId: uuid('family_id').notNull(),
    // SHA-256 of the token: a leaked table does not leak usable tokens.
    tokenHash: varchar('token_hash', { length: 64 }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    // Set when it was exchanged for its successor: a second exchange shortly after is a race, not a replay.
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    uniqueIndex('refresh_token_token_hash_key').on(t.tokenHash),
    index('refresh_token_user_id_idx').on(t.userId),
    index('refresh_token_family_id_idx').on(t.familyId),
    // Expired tokens are pruned in small batches, oldest first.
    index('refresh_token_expires_at_idx').on(t.expiresAt),
  ],
);

/** Single-use tokens mailed as links (verify an address, reset a password), stored as SHA-256 hashes. */
export const emailTokens = usersSchema.table(
  'email_token',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: emailTokenPurpose('purpose').notNull(),
    // The address it was sent to: verifying proves this address, not whatever the account has by then.
    email: varchar('email', { length: 255 }).notNull(),
    tokenHash: varchar('token_hash', { length: 64 }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
    // SHA-256 of the account's password hash, address, token generation, role and Google link when the token
    // was issued: a token spent after any of them changed is refused. Null (tokens issued before
    // this column) never matches.
    accountStamp: varchar('account_stamp', { length: 64 }),
  },
  (t) => [
    uniqueIndex('email_token_token_hash_key').on(t.tokenHash),
    index('email_token_user_id_idx').on(t.userId),
    index('email_token_expires_at_idx').on(t.expiresAt),
  ],
);

/** A login (one refresh-token family, `id` = its family id), as the user's device list shows it. */
export const devices = usersSchema.table(
  'device',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // Coarse, from the User-Agent at log-in ("Firefox on Linux").
    label: varchar('label', { length: 64 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).defaultNow().notNull(),
    // Absolute: no refresh extends the login beyond it.
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('device_user_id_idx').on(t.userId), index('device_expires_at_idx').on(t.expiresAt)],
);

/**
 * The latest raise of each user's token generation, which every token verifier polls. No foreign
 * key: the row must outlive a deleted user, whose tokens it still revokes.
 */
export const tokenRevocations = usersSchema.table(
  'token_revocation',
  {
    userId: uuid('user_id').primaryKey(),
    generation: integer('generation').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('token_revocation_revoked_at_idx').on(t.revokedAt)],
);

/**
 * Brute-force counters (log-in and sign-up attempts per client address, failed log-ins per account
 * and per account and address), kept in the database so every replica of the users service counts
 * against the same limit. A row is one window: `count` attempts since it opened, until `reset_at`.
 */
export const rateLimits = usersSchema.table(
  'rate_limit',
  {
    // e.g. `login:account:alex@example.com`, `signup:address:203.0.113.7`.
    key: varchar('key', { length: 320 }).primaryKey(),
    count: integer('count').notNull(),
    resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
    // Progressive delay (failed log-ins per account and address): no attempt counts before this time.
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  },
  // Expired windows are pruned in small batches, oldest first.
  (t) => [index('rate_limit_reset_at_idx').on(t.resetAt)],
);

/** A user's choices; a user without a row has the defaults. */
export const preferences = usersSchema.table('preference', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  // gyms.grade_system ids, checked against gyms (existence, discipline) on write.
  boulderGradeSystemId: uuid('boulder_grade_system_id'),
  ropeGradeSystemId: uuid('rope_grade_system_id'),
  showOnLeaderboards: boolean('show_on_leaderboards').default(false).notNull(),
  // Notification kinds the user turned off in the app, and turned on by mail: empty is the
  // default (every kind in the app, none by mail), so a kind added later takes its default.
  mutedNotificationKinds: notificationKind('muted_notification_kinds').array().default(sql`'{}'`).notNull(),
  mailedNotificationKinds: notificationKind('mailed_notification_kinds').array().default(sql`'{}'`).notNull(),
  ...timestamps,
});

/** A climber's one rating of a route: stars, a suggested grade in the route's system, a comment. */
export const ratings = usersSchema.table(
  'rating',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // References gyms.route: checked on write, never a foreign key.
    routeId: uuid('route_id').notNull(),
    stars: integer('stars').notNull(),
    // A grade of the route's system, with its scale, so the community grade is a median in SQL.
    suggestedGradeId: uuid('suggested_grade_id'),
    suggestedGradeScale: integer('suggested_grade_scale'),
    comment: text('comment'),
    ...timestamps,
    // Milliseconds, as a page cursor carries them (see sessions.start_time).
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  },
  (t) => [
    uniqueIndex('rating_user_id_route_id_key').on(t.userId, t.routeId),
    // A route's ratings, newest first: (route_id, created_at desc, id desc) is the keyset.
    index('rating_route_id_created_at_idx').on(t.routeId, t.createdAt.desc(), t.id.desc()),
    check('rating_stars_range', sql`${t.stars} between 1 and 5`),
    check('rating_suggested_grade_complete', sql`(${t.suggestedGradeId} is null) = (${t.suggestedGradeScale} is null)`),
  ],
);

/**
 * A route a climber works on, in the climber's own order (`position`, 1 to their number of
 * projects). Whether it is sent is the logbook's to say: `sent_at` is the time of the climber's
 * earliest send of the route, kept up to date in the transaction of every write of their climbs.
 */
export const projects = usersSchema.table(
  'project',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // References gyms.route: checked on write, never a foreign key.
    routeId: uuid('route_id').notNull(),
    note: text('note'),
    position: integer('position').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('project_user_id_route_id_key').on(t.userId, t.routeId),
    index('project_user_id_position_idx').on(t.userId, t.position),
    // Route.projectCount: a route's projects not sent yet.
    index('project_route_id_active_idx').on(t.routeId).where(sql`${t.sentAt} is null`),
    check('project_position_positive', sql`${t.position} >= 1`),
  ],
);

/** `follower` follows `followee`: accepted (a request to a PUBLIC account is accepted at once). */
export const follows = usersSchema.table(
  'follow',
  {
    followerId: uuid('follower_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    followeeId: uuid('followee_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // Milliseconds, as a page cursor carries them (see sessions.start_time).
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    // User.followers, newest first; User.following reads the primary key's side.
    index('follow_followee_id_created_at_idx').on(t.followeeId, t.createdAt.desc(), t.followerId.desc()),
    index('follow_follower_id_created_at_idx').on(t.followerId, t.createdAt.desc(), t.followeeId.desc()),
    check('follow_not_self', sql`${t.followerId} <> ${t.followeeId}`),
  ],
);

/** A follow waiting for `target` (a FOLLOWERS or PRIVATE account) to accept or decline it. */
export const followRequests = usersSchema.table(
  'follow_request',
  {
    requesterId: uuid('requester_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    targetId: uuid('target_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.requesterId, t.targetId] }),
    index('follow_request_target_id_created_at_idx').on(t.targetId, t.createdAt.desc(), t.requesterId.desc()),
    check('follow_request_not_self', sql`${t.requesterId} <> ${t.targetId}`),
  ],
);

/** `blocker` blocked `blocked`: each is hidden from the other, and no follow stays between them. */
export const blocks = usersSchema.table(
  'block',
  {
    blockerId: uuid('blocker_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    blockedId: uuid('blocked_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.blockerId, t.blockedId] }),
    // The rule looks a pair up both ways.
    index('block_blocked_id_idx').on(t.blockedId, t.blockerId),
    // me.blockedUsers, newest first.
    index('block_blocker_id_created_at_idx').on(t.blockerId, t.createdAt.desc(), t.blockedId.desc()),
    check('block_not_self', sql`${t.blockerId} <> ${t.blockedId}`),
  ],
);

/**
 * A climber's followers and the climbers they follow (accepted follows), kept by triggers on
 * `follow` in the transaction of every write, account deletion's cascade included (migration
 * 0018), so that User.followerCount and followingCount cost one row whatever the numbers. No row:
 * none of either.
 */
export const followCounts = usersSchema.table(
  'follow_count',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    followers: integer('followers').default(0).notNull(),
    following: integer('following').default(0).notNull(),
  },
  (t) => [check('follow_count_not_negative', sql`${t.followers} >= 0 and ${t.following} >= 0`)],
);

/**
 * One notification for `recipient`: what happened (`kind`), who did it (`actor`, if anyone) and
 * what it concerns (the subject columns that kind uses; ids of another service's rows are not
 * foreign keys). Read is a watermark per recipient, not a flag per row.
 */
export const notifications = usersSchema.table(
  'notification',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: notificationKind('kind').notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    climbId: uuid('climb_id').references(() => climbs.id, { onDelete: 'cascade' }),
    // gyms.route and gyms.gym: checked by their writers, never foreign keys.
    routeId: uuid('route_id'),
    gymId: uuid('gym_id'),
    // PROJECT_COMING_DOWN: when the route is planned to come down (gyms' Route.plannedStripAt).
    plannedStripAt: timestamp('planned_strip_at', { withTimezone: true, precision: 3 }),
    // Milliseconds, as a page cursor carries them (see sessions.start_time).
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  },
  (t) => [
    index('notification_recipient_id_created_at_idx').on(t.recipientId, t.createdAt.desc(), t.id.desc()),
    // Pruning deletes the oldest first, in batches.
    index('notification_created_at_idx').on(t.createdAt),
  ],
);

/**
 * How far a recipient has read: every notification up to and including (`read_at`, `read_id`),
 * in the list's newest-first order, is read. One row per recipient, moved forward only.
 */
export const notificationWatermarks = usersSchema.table('notification_watermark', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  readAt: timestamp('read_at', { withTimezone: true, precision: 3 }).notNull(),
  readId: uuid('read_id').notNull(),
});

/**
 * What a recipient was told at most once (a route's strip plan, a leaderboard place per actor,
 * gym and day), whether or not it became a notification row: `key` names the occasion. Pruned
 * with the notifications.
 */
export const notificationOnce = usersSchema.table(
  'notification_once',
  {
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: varchar('key', { length: 200 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [primaryKey({ columns: [t.recipientId, t.key] }), index('notification_once_created_at_idx').on(t.createdAt)],
);

/** What a feed item tells a follower of. */
export const feedItemKind = usersSchema.enum('feed_item_kind', ['SESSION_ENDED', 'HARDEST_SEND', 'FIRST_SEND_OF_GRADE', 'PROJECT_SENT', 'RATING_COMMENT']);

/**
 * Something a climber did, once, for their followers' feeds (merge on read: a follower's feed is
 * the items of the climbers they follow, read through privacy's rule when asked for; see
 * docs/api.md, "Feed"). The subject columns are the kind's; deleting a subject deletes the item.
 */
export const feedItems = usersSchema.table(
  'feed_item',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: feedItemKind('kind').notNull(),
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    climbId: uuid('climb_id').references(() => climbs.id, { onDelete: 'cascade' }),
    ratingId: uuid('rating_id').references(() => ratings.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    // gyms.route: never a foreign key.
    routeId: uuid('route_id'),
    // Milliseconds, as a page cursor carries them (see sessions.start_time).
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  },
  (t) => [
    // The feed: each followed climber's items newest first, merged.
    index('feed_item_actor_id_created_at_idx').on(t.actorId, t.createdAt.desc(), t.id.desc()),
    // One item per rating (its comment) and per send and kind; the cascades find theirs.
    uniqueIndex('feed_item_rating_id_key').on(t.ratingId),
    uniqueIndex('feed_item_climb_id_kind_key').on(t.climbId, t.kind),
    index('feed_item_session_id_idx').on(t.sessionId),
    index('feed_item_project_id_idx').on(t.projectId),
  ],
);

/** A climber's kudos on a session or on a send (exactly one of them): one per climber and item. */
export const kudos = usersSchema.table(
  'kudos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    giverId: uuid('giver_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    climbId: uuid('climb_id').references(() => climbs.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  },
  (t) => [
    // Counts and viewerHasKudoed of a page of items read these; they also keep one per climber.
    uniqueIndex('kudos_session_id_giver_id_key').on(t.sessionId, t.giverId),
    uniqueIndex('kudos_climb_id_giver_id_key').on(t.climbId, t.giverId),
    index('kudos_giver_id_idx').on(t.giverId),
    check('kudos_one_subject', sql`(${t.sessionId} is null) <> (${t.climbId} is null)`),
  ],
);

/** A comment on a session; `edited_at` is set by an edit (allowed for a while after `created_at`). */
export const comments = usersSchema.table(
  'comment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
    editedAt: timestamp('edited_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    // A session's comments, oldest first: (session_id, created_at, id) is the keyset.
    index('comment_session_id_created_at_idx').on(t.sessionId, t.createdAt, t.id),
    index('comment_author_id_idx').on(t.authorId),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ClimbRow = typeof climbs.$inferSelect;
export type DeviceRow = typeof devices.$inferSelect;
export type PreferencesRow = typeof preferences.$inferSelect;
export type RatingRow = typeof ratings.$inferSelect;
export type ProjectRow = typeof projects.$inferSelect;
export type Discipline = (typeof discipline.enumValues)[number];
export type Visibility = (typeof visibility.enumValues)[number];
export type NotificationRow = typeof notifications.$inferSelect;
export type FollowRow = typeof follows.$inferSelect;
export type FollowRequestRow = typeof followRequests.$inferSelect;
export type BlockRow = typeof blocks.$inferSelect;
export type FollowCountRow = typeof followCounts.$inferSelect;
export type NotificationKind = (typeof notificationKind.enumValues)[number];
export type FeedItemRow = typeof feedItems.$inferSelect;
export type FeedItemKind = (typeof feedItemKind.enumValues)[number];
export type KudosRow = typeof kudos.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;

/**
 * Logged-out devices (logOut, revokeDevice, a replayed refresh token), which every token verifier
 * polls beside token_revocation: an access token naming one is refused. No foreign key: the row
 * must outlive the device's and its user's, until every token naming the device has expired.
 */
export const deviceRevocations = usersSchema.table(
  'device_revocation',
  {
    deviceId: uuid('device_id').primaryKey(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('device_revocation_revoked_at_idx').on(t.revokedAt)],
);

/**
 * A climber's best on a route at a gym (ALL_TIME leaderboards): the highest frozen grade scale of
 * their graded sends, whether one was logged FLASH or ONSIGHT, how many, split by how far the sends
 * narrow the account's visibility (the greater of their session's and their own narrowing, PUBLIC
 * when neither does), so that an account's change of visibility re-scores without reading climbs.
 * Kept by triggers on climb and session in the transaction of every write (migration
 * leaderboard_triggers); no row: no such send.
 */
export const leaderboardRoutes = usersSchema.table(
  'leaderboard_route',
  {
    gymId: uuid('gym_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    routeId: uuid('route_id').notNull(),
    narrowing: visibility('narrowing').notNull(),
    bestScale: integer('best_scale').notNull(),
    firstTry: boolean('first_try').notNull(),
    sends: integer('sends').notNull(),
  },
  (t) => [primaryKey({ columns: [t.gymId, t.userId, t.routeId, t.narrowing] })],
);

/**
 * A climber's ALL_TIME score at a gym under their account's visibility: the points of their best
 * scoring routes and their sends (leaderboard_route's rows that do not narrow the account), so that
 * a gym's top N is an index read. Kept by the same triggers, and by one on the account's
 * visibility; a row with no sends is not on the board (it stays, as the row its writers lock).
 */
export const leaderboardScores = usersSchema.table(
  'leaderboard_score',
  {
    gymId: uuid('gym_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    points: integer('points').notNull(),
    sends: integer('sends').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.userId] }),
    index('leaderboard_score_board_idx').on(t.gymId, t.points.desc(), t.sends.desc(), t.userId),
    // An account's change of visibility re-scores its gyms.
    index('leaderboard_score_user_id_idx').on(t.userId),
  ],
);

/**
 * A route's stars (Route.rating): how many rated it, their sum, and how many of the raters' accounts
 * are not PUBLIC, kept by triggers on rating and on the account's visibility (migration
 * rating_count_triggers). No row: nobody rated it.
 */
export const routeRatingCounts = usersSchema.table('route_rating_count', {
  routeId: uuid('route_id').primaryKey(),
  raters: integer('raters').notNull(),
  stars: integer('stars').notNull(),
  privateRaters: integer('private_raters').notNull(),
});

/**
 * A climber's climbs on a route folded in logging order (created_at, id), as Route.ascents counts
 * a climber: how many climbs and attempts, whether one sent, whether the first was a send in one
 * attempt (not a REPEAT), the attempts up to the first send, how many climbs are not narrowed from
 * the public (session and climb), and when the first and last were written (a climber who did not
 * opt in counts once settled: a read folds the few unsettled ones from their climbs). Kept by
 * triggers on climb and session (migration ascent_triggers); a row with no climbs is only the row
 * its writers lock.
 */
export const routeAscents = usersSchema.table(
  'route_ascent',
  {
    routeId: uuid('route_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    climbs: integer('climbs').notNull(),
    attempts: integer('attempts').notNull(),
    sent: boolean('sent').notNull(),
    flashed: boolean('flashed').notNull(),
    attemptsToSend: integer('attempts_to_send'),
    // How many climbs neither their session nor themselves narrow from the public.
    publicClimbs: integer('public_climbs').notNull(),
    firstAt: timestamp('first_at', { withTimezone: true }),
    lastAt: timestamp('last_at', { withTimezone: true }),
    // When the climber first sent the route, and first logged a climb on it that neither its
    // session nor itself narrows: with first_at, a read folds the settled climbs (a prefix of the
    // logging order) from the row alone.
    firstSendAt: timestamp('first_send_at', { withTimezone: true }),
    firstPublicAt: timestamp('first_public_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.routeId, t.userId] }),
    // A read finds the route's climbers with climbs not settled yet.
    index('route_ascent_route_id_last_at_idx').on(t.routeId, t.lastAt),
    index('route_ascent_user_id_idx').on(t.userId),
  ],
);

/**
 * A route's ascents over every route_ascent row (Route.ascents before the settling rule): climbers,
 * senders, flashers, the sum of senders' attempts to their send, and the climbers who are not
 * public (account not PUBLIC, or every climb narrowed). Kept by the same triggers by deltas, and by
 * one on the account's visibility. No row: nobody logged the route.
 */
export const routeAscentCounts = usersSchema.table('route_ascent_count', {
  routeId: uuid('route_id').primaryKey(),
  climbers: integer('climbers').notNull(),
  senders: integer('senders').notNull(),
  flashers: integer('flashers').notNull(),
  attemptsToSend: integer('attempts_to_send').notNull(),
  privateClimbers: integer('private_climbers').notNull(),
});
