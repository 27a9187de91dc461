-- leaderboard_route and leaderboard_score (ALL_TIME leaderboards) are the database's to keep: every
-- write of climbs, sessions and accounts moves them in its own transaction, whichever path wrote
-- (logClimb, updateClimb, deleteClimb, session edits and deletes, import, the grade backfill,
-- account visibility, and an account's deletion). Triggers are
-- statement-level over transition tables, so a bulk INSERT ... SELECT of a million climbs is one
-- pass. Scoring is gym-fields.ts's: a route's points are its best grade scale plus 10 when a send
-- was FLASH or ONSIGHT, and a climber's 10 best routes count.
--
-- Concurrency: every writer first shares a lock on the climbers' accounts (a change of visibility,
-- which updates the account row, waits for it and is waited for), then locks the (gym, climber)
-- score rows it will touch, in key order, creating them if need be, before it reads anything: an
-- insert's deltas and a rebuild from the climbs then apply one after the other, and a rebuild's
-- later statements see what the writer before it committed (READ COMMITTED: a new snapshot per
-- statement). Row locks rather than advisory locks: a seed touching a million keys would overflow
-- the shared lock table.

-- Creates and locks the score rows of these (gym, climber) keys, of accounts that still exist.
CREATE FUNCTION "users"."leaderboard_lock"(p_gym uuid[], p_user uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "users"."user" WHERE "id" = ANY (p_user) ORDER BY "id" FOR SHARE;
  INSERT INTO "users"."leaderboard_score" ("gym_id", "user_id", "points", "sends")
  SELECT DISTINCT k."gym_id", k."user_id", 0, 0
  FROM unnest(p_gym, p_user) AS k("gym_id", "user_id")
  JOIN "users"."user" u ON u."id" = k."user_id"
  ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
  PERFORM 1 FROM "users"."leaderboard_score" s
  WHERE (s."gym_id", s."user_id") IN (SELECT * FROM unnest(p_gym, p_user))
  ORDER BY s."gym_id", s."user_id"
  FOR UPDATE;
END
$$;--> statement-breakpoint
-- Re-scores these (gym, climber) keys from their leaderboard_route rows, under the account's
-- visibility now: the routes whose sends do not narrow it, the 10 best by points.
CREATE FUNCTION "users"."leaderboard_rescore"(p_gym uuid[], p_user uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "users"."leaderboard_score" s SET "points" = coalesce(n."points", 0), "sends" = coalesce(n."sends", 0)
  FROM (SELECT DISTINCT * FROM unnest(p_gym, p_user) AS k("gym_id", "user_id")) k
  CROSS JOIN LATERAL (
    SELECT (sum(r."points") FILTER (WHERE r."best" <= 10))::int AS "points", sum(r."sends")::int AS "sends"
    FROM (
      SELECT sum(lr."sends") AS "sends",
             max(lr."best_scale") + CASE WHEN bool_or(lr."first_try") THEN 10 ELSE 0 END AS "points",
             row_number() OVER (ORDER BY max(lr."best_scale") + CASE WHEN bool_or(lr."first_try") THEN 10 ELSE 0 END DESC) AS "best"
      FROM "users"."leaderboard_route" lr
      JOIN "users"."user" u ON u."id" = lr."user_id"
      WHERE lr."gym_id" = k."gym_id" AND lr."user_id" = k."user_id" AND lr."narrowing" <= u."visibility"
      GROUP BY lr."route_id"
    ) r
  ) n
  WHERE s."gym_id" = k."gym_id" AND s."user_id" = k."user_id"
    AND (s."points", s."sends") IS DISTINCT FROM (coalesce(n."points", 0), coalesce(n."sends", 0));
END
$$;--> statement-breakpoint
-- Rebuilds the leaderboard_route rows of these (gym, climber) keys from the climber's climbs at the
-- gym (what a delete or an edit needs: a best is not undone by a delta), then re-scores them. It
-- reads the climber's history, never the gym's.
CREATE FUNCTION "users"."leaderboard_rebuild"(p_gym uuid[], p_user uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "users"."leaderboard_lock"(p_gym, p_user);
  DELETE FROM "users"."leaderboard_route" r
  WHERE (r."gym_id", r."user_id") IN (SELECT * FROM unnest(p_gym, p_user));
  INSERT INTO "users"."leaderboard_route" ("gym_id", "user_id", "route_id", "narrowing", "best_scale", "first_try", "sends")
  SELECT c."gym_id", s."user_id", c."route_id",
         greatest(coalesce(s."visibility", 'PUBLIC'), coalesce(c."visibility", 'PUBLIC')),
         max(c."grade_scale"), bool_or(coalesce(c."style" IN ('FLASH', 'ONSIGHT'), false)), count(*)::int
  FROM (SELECT DISTINCT * FROM unnest(p_gym, p_user) AS k("gym_id", "user_id")) k
  JOIN "users"."session" s ON s."user_id" = k."user_id"
  JOIN "users"."climb" c ON c."session_id" = s."id" AND c."gym_id" = k."gym_id"
  WHERE c."sent" AND c."grade_scale" IS NOT NULL
  GROUP BY 1, 2, 3, 4;
  PERFORM "users"."leaderboard_rescore"(p_gym, p_user);
END
$$;--> statement-breakpoint
-- New climbs only raise a best: deltas, with no read of older climbs (a million-climb seed is one
-- pass over its transition table).
CREATE FUNCTION "users"."leaderboard_on_climb_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k_gym uuid[];
  k_user uuid[];
BEGIN
  SELECT array_agg(d."gym_id"), array_agg(d."user_id") INTO k_gym, k_user
  FROM (SELECT DISTINCT n."gym_id", s."user_id" FROM "new_climbs" n JOIN "users"."session" s ON s."id" = n."session_id"
        WHERE n."sent" AND n."grade_scale" IS NOT NULL AND n."gym_id" IS NOT NULL) d;
  IF k_gym IS NULL THEN RETURN NULL; END IF;
  PERFORM "users"."leaderboard_lock"(k_gym, k_user);
  INSERT INTO "users"."leaderboard_route" AS r ("gym_id", "user_id", "route_id", "narrowing", "best_scale", "first_try", "sends")
  SELECT n."gym_id", s."user_id", n."route_id",
         greatest(coalesce(s."visibility", 'PUBLIC'), coalesce(n."visibility", 'PUBLIC')),
         max(n."grade_scale"), bool_or(coalesce(n."style" IN ('FLASH', 'ONSIGHT'), false)), count(*)::int
  FROM "new_climbs" n JOIN "users"."session" s ON s."id" = n."session_id"
  WHERE n."sent" AND n."grade_scale" IS NOT NULL AND n."gym_id" IS NOT NULL
  GROUP BY 1, 2, 3, 4
  ON CONFLICT ("gym_id", "user_id", "route_id", "narrowing") DO UPDATE
    SET "best_scale" = greatest(r."best_scale", excluded."best_scale"),
        "first_try" = r."first_try" OR excluded."first_try",
        "sends" = r."sends" + excluded."sends";
  PERFORM "users"."leaderboard_rescore"(k_gym, k_user);
  RETURN NULL;
END
$$;--> statement-breakpoint
-- An edit or a delete rebuilds the (gym, climber) keys of the climbs before and after it, when a
-- scored column changed.
CREATE FUNCTION "users"."leaderboard_on_climb_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k_gym uuid[];
  k_user uuid[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT array_agg(d."gym_id"), array_agg(d."user_id") INTO k_gym, k_user
    FROM (SELECT DISTINCT o."gym_id", s."user_id" FROM "old_climbs" o JOIN "users"."session" s ON s."id" = o."session_id"
          WHERE o."sent" AND o."grade_scale" IS NOT NULL AND o."gym_id" IS NOT NULL) d;
  ELSE
    SELECT array_agg(d."gym_id"), array_agg(d."user_id") INTO k_gym, k_user
    FROM (
      SELECT DISTINCT c."gym_id", s."user_id"
      FROM "old_climbs" o JOIN "new_climbs" n ON n."id" = o."id"
      CROSS JOIN LATERAL (VALUES (o."gym_id", o."session_id", o."sent" AND o."grade_scale" IS NOT NULL),
                                 (n."gym_id", n."session_id", n."sent" AND n."grade_scale" IS NOT NULL)) AS c("gym_id", "session_id", "scores")
      JOIN "users"."session" s ON s."id" = c."session_id"
      WHERE c."scores" AND c."gym_id" IS NOT NULL
        AND (o."gym_id", o."session_id", o."route_id", o."sent", o."grade_scale", o."style", o."visibility")
            IS DISTINCT FROM (n."gym_id", n."session_id", n."route_id", n."sent", n."grade_scale", n."style", n."visibility")
    ) d;
  END IF;
  IF k_gym IS NOT NULL THEN PERFORM "users"."leaderboard_rebuild"(k_gym, k_user); END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- A session's narrowing, climber or gym moves its climbs' rows.
CREATE FUNCTION "users"."leaderboard_on_session_update"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k_gym uuid[];
  k_user uuid[];
BEGIN
  SELECT array_agg(d."gym_id"), array_agg(d."user_id") INTO k_gym, k_user
  FROM (
    SELECT DISTINCT c."gym_id", k."user_id"
    FROM "old_sessions" o JOIN "new_sessions" n ON n."id" = o."id"
    CROSS JOIN LATERAL (VALUES (o."user_id"), (n."user_id")) AS k("user_id")
    JOIN "users"."climb" c ON c."session_id" = n."id"
    WHERE c."gym_id" IS NOT NULL
      AND (o."user_id", o."gym_id", o."visibility") IS DISTINCT FROM (n."user_id", n."gym_id", n."visibility")
  ) d;
  IF k_gym IS NOT NULL THEN PERFORM "users"."leaderboard_rebuild"(k_gym, k_user); END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- A climb's aggregates need its session to name its climber, and the foreign key's cascade runs
-- after the session is gone: deleting a session (deleteSession) or an account deletes their climbs
-- first, in one statement, while the session and the account are still there to say whose they
-- were. Row-level: one session, or one account (whose sessions then have no climbs left).
CREATE FUNCTION "users"."climb_delete_before_session"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "users"."climb" WHERE "session_id" = OLD."id";
  RETURN OLD;
END
$$;--> statement-breakpoint
CREATE FUNCTION "users"."climb_delete_before_user"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "users"."climb" WHERE "session_id" IN (SELECT "id" FROM "users"."session" WHERE "user_id" = OLD."id");
  RETURN OLD;
END
$$;--> statement-breakpoint
-- An account's visibility decides which of its rows score: re-score every gym of the climber.
CREATE FUNCTION "users"."leaderboard_on_user_visibility"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k_gym uuid[];
  k_user uuid[];
BEGIN
  SELECT array_agg(s."gym_id" ORDER BY s."gym_id", s."user_id"), array_agg(s."user_id" ORDER BY s."gym_id", s."user_id") INTO k_gym, k_user
  FROM "old_users" o JOIN "new_users" n ON n."id" = o."id"
  JOIN "users"."leaderboard_score" s ON s."user_id" = n."id"
  WHERE o."visibility" IS DISTINCT FROM n."visibility";
  IF k_gym IS NOT NULL THEN
    PERFORM "users"."leaderboard_lock"(k_gym, k_user);
    PERFORM "users"."leaderboard_rescore"(k_gym, k_user);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "leaderboard_climb_insert" AFTER INSERT ON "users"."climb" REFERENCING NEW TABLE AS "new_climbs"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."leaderboard_on_climb_insert"();--> statement-breakpoint
CREATE TRIGGER "leaderboard_climb_update" AFTER UPDATE ON "users"."climb" REFERENCING OLD TABLE AS "old_climbs" NEW TABLE AS "new_climbs"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."leaderboard_on_climb_change"();--> statement-breakpoint
CREATE TRIGGER "leaderboard_climb_delete" AFTER DELETE ON "users"."climb" REFERENCING OLD TABLE AS "old_climbs"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."leaderboard_on_climb_change"();--> statement-breakpoint
CREATE TRIGGER "leaderboard_session_update" AFTER UPDATE ON "users"."session" REFERENCING OLD TABLE AS "old_sessions" NEW TABLE AS "new_sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."leaderboard_on_session_update"();--> statement-breakpoint
CREATE TRIGGER "climb_delete_before_session" BEFORE DELETE ON "users"."session"
  FOR EACH ROW EXECUTE FUNCTION "users"."climb_delete_before_session"();--> statement-breakpoint
CREATE TRIGGER "climb_delete_before_user" BEFORE DELETE ON "users"."user"
  FOR EACH ROW EXECUTE FUNCTION "users"."climb_delete_before_user"();--> statement-breakpoint
CREATE TRIGGER "leaderboard_user_visibility" AFTER UPDATE ON "users"."user" REFERENCING OLD TABLE AS "old_users" NEW TABLE AS "new_users"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."leaderboard_on_user_visibility"();--> statement-breakpoint
-- Climbs logged before the aggregates.
INSERT INTO "users"."leaderboard_route" ("gym_id", "user_id", "route_id", "narrowing", "best_scale", "first_try", "sends")
SELECT c."gym_id", s."user_id", c."route_id",
       greatest(coalesce(s."visibility", 'PUBLIC'), coalesce(c."visibility", 'PUBLIC')),
       max(c."grade_scale"), bool_or(coalesce(c."style" IN ('FLASH', 'ONSIGHT'), false)), count(*)::int
FROM "users"."climb" c JOIN "users"."session" s ON s."id" = c."session_id"
WHERE c."sent" AND c."grade_scale" IS NOT NULL AND c."gym_id" IS NOT NULL
GROUP BY 1, 2, 3, 4;--> statement-breakpoint
INSERT INTO "users"."leaderboard_score" ("gym_id", "user_id", "points", "sends")
SELECT DISTINCT "gym_id", "user_id", 0, 0 FROM "users"."leaderboard_route";--> statement-breakpoint
SELECT "users"."leaderboard_rescore"(array_agg("gym_id"), array_agg("user_id")) FROM "users"."leaderboard_score";
