-- route_ascent (a climber's climbs on a route, folded in logging order) and route_ascent_count
-- (their sum per route) are the database's to keep: every write of climbs, sessions and accounts
-- moves them in its own transaction, whichever path wrote (logClimb, updateClimb, deleteClimb,
-- session edits and deletes, import, account visibility, an account's deletion: the triggers of
-- leaderboard_triggers delete a session's or an account's climbs first, while the session still
-- names its climber). Statement-level over transition tables: a bulk INSERT ... SELECT of a
-- million climbs is one pass. The settling rule (public-counts.ts) depends on the time of the
-- read, so it is applied at read (ascent-store.ts), over the few climbers with recent climbs.
--
-- Concurrency: a writer shares a lock on the climbers' accounts (a change of visibility waits for
-- it and is waited for), then locks the (route, climber) rows it will touch in key order, creating
-- them if need be, and only then reads them and the climbs: the count's deltas are taken between
-- locked states, and commute.

-- A row's share of route_ascent_count under the account's visibility.
CREATE FUNCTION "users"."route_ascent_share"(climbs int, sent boolean, flashed boolean, attempts_to_send int, public_climbs int, account "users"."visibility")
RETURNS TABLE ("climbers" int, "senders" int, "flashers" int, "attempts_to_send" int, "private_climbers" int)
LANGUAGE sql IMMUTABLE AS $$
  SELECT (climbs > 0)::int, (climbs > 0 AND sent)::int, (climbs > 0 AND flashed)::int,
         CASE WHEN climbs > 0 THEN coalesce(attempts_to_send, 0) ELSE 0 END,
         (climbs > 0 AND NOT (account = 'PUBLIC' AND public_climbs > 0))::int
$$;--> statement-breakpoint
-- Adds signed shares to the routes' counts; a route nobody logged any more has no row.
CREATE FUNCTION "users"."route_ascent_count_apply"(p_route uuid[], p_climbers int[], p_senders int[], p_flashers int[], p_attempts int[], p_private int[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "users"."route_ascent_count" AS c ("route_id", "climbers", "senders", "flashers", "attempts_to_send", "private_climbers")
  SELECT d."route_id", sum(d."climbers"), sum(d."senders"), sum(d."flashers"), sum(d."attempts"), sum(d."private")
  FROM unnest(p_route, p_climbers, p_senders, p_flashers, p_attempts, p_private) AS d("route_id", "climbers", "senders", "flashers", "attempts", "private")
  GROUP BY d."route_id"
  HAVING bool_or(d."climbers" <> 0 OR d."senders" <> 0 OR d."flashers" <> 0 OR d."attempts" <> 0 OR d."private" <> 0)
  ORDER BY d."route_id"
  ON CONFLICT ("route_id") DO UPDATE
    SET "climbers" = c."climbers" + excluded."climbers", "senders" = c."senders" + excluded."senders",
        "flashers" = c."flashers" + excluded."flashers", "attempts_to_send" = c."attempts_to_send" + excluded."attempts_to_send",
        "private_climbers" = c."private_climbers" + excluded."private_climbers";
  DELETE FROM "users"."route_ascent_count" WHERE "route_id" = ANY (p_route) AND "climbers" = 0;
END
$$;--> statement-breakpoint
-- Creates and locks the rows of these (route, climber) keys, of accounts that still exist.
CREATE FUNCTION "users"."route_ascent_lock"(p_route uuid[], p_user uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "users"."user" WHERE "id" = ANY (p_user) ORDER BY "id" FOR SHARE;
  INSERT INTO "users"."route_ascent" ("route_id", "user_id", "climbs", "attempts", "sent", "flashed", "public_climbs")
  SELECT DISTINCT k."route_id", k."user_id", 0, 0, false, false, 0
  FROM unnest(p_route, p_user) AS k("route_id", "user_id")
  JOIN "users"."user" u ON u."id" = k."user_id"
  ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
  PERFORM 1 FROM "users"."route_ascent" a
  WHERE (a."route_id", a."user_id") IN (SELECT * FROM unnest(p_route, p_user))
  ORDER BY a."route_id", a."user_id"
  FOR UPDATE;
END
$$;--> statement-breakpoint
-- Refolds these (route, climber) keys from the climber's climbs on the route, as ascent-store.ts
-- folds them (see Route.ascents), and moves the routes' counts by the difference.
CREATE FUNCTION "users"."route_ascent_rebuild"(p_route uuid[], p_user uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  d record;
BEGIN
  PERFORM "users"."route_ascent_lock"(p_route, p_user);
  WITH "keys" AS (SELECT DISTINCT * FROM unnest(p_route, p_user) AS k("route_id", "user_id")),
  "before" AS (
    SELECT a."route_id", sh.*
    FROM "users"."route_ascent" a JOIN "keys" k USING ("route_id", "user_id")
    JOIN "users"."user" u ON u."id" = a."user_id"
    CROSS JOIN LATERAL "users"."route_ascent_share"(a."climbs", a."sent", a."flashed", a."attempts_to_send", a."public_climbs", u."visibility") sh
  ),
  "after" AS (
    UPDATE "users"."route_ascent" a
    SET "climbs" = f."climbs", "attempts" = f."attempts", "sent" = f."sent", "flashed" = f."flashed",
        "attempts_to_send" = f."attempts_to_send", "public_climbs" = f."public_climbs", "first_at" = f."first_at", "last_at" = f."last_at"
    FROM "keys" k
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS "climbs", coalesce(sum(c."attempts"), 0)::int AS "attempts", coalesce(bool_or(c."sent"), false) AS "sent",
             coalesce(bool_or(c."nth" = 1 AND c."flash"), false) AS "flashed",
             (min(c."so_far") FILTER (WHERE c."sent"))::int AS "attempts_to_send",
             (count(*) FILTER (WHERE c."unnarrowed"))::int AS "public_climbs", min(c."created_at") AS "first_at", max(c."created_at") AS "last_at"
      FROM (
        SELECT c."sent", c."created_at",
               c."sent" AND c."attempts" = 1 AND c."style" IS DISTINCT FROM 'REPEAT' AS "flash",
               coalesce(s."visibility", 'PUBLIC') = 'PUBLIC' AND coalesce(c."visibility", 'PUBLIC') = 'PUBLIC' AS "unnarrowed",
               row_number() OVER w AS "nth", sum(c."attempts") OVER w AS "so_far", c."attempts"
        FROM "users"."session" s JOIN "users"."climb" c ON c."session_id" = s."id"
        WHERE s."user_id" = k."user_id" AND c."route_id" = k."route_id"
        WINDOW w AS (ORDER BY c."created_at", c."id")
      ) c
    ) f
    WHERE a."route_id" = k."route_id" AND a."user_id" = k."user_id"
    RETURNING a.*
  ),
  "shares" AS (
    SELECT "route_id", -"climbers" AS "climbers", -"senders" AS "senders", -"flashers" AS "flashers", -"attempts_to_send" AS "attempts", -"private_climbers" AS "private" FROM "before"
    UNION ALL
    SELECT a."route_id", sh.* FROM "after" a JOIN "users"."user" u ON u."id" = a."user_id"
    CROSS JOIN LATERAL "users"."route_ascent_share"(a."climbs", a."sent", a."flashed", a."attempts_to_send", a."public_climbs", u."visibility") sh
  )
  SELECT array_agg("route_id") AS r, array_agg("climbers") AS c, array_agg("senders") AS s, array_agg("flashers") AS f,
         array_agg("attempts") AS a, array_agg("private") AS p INTO d FROM "shares";
  IF d.r IS NOT NULL THEN PERFORM "users"."route_ascent_count_apply"(d.r, d.c, d.s, d.f, d.a, d.p); END IF;
END
$$;--> statement-breakpoint
-- New climbs come after a climber's earlier ones on the route (created_at is the time of the
-- write): they fold onto the row in one upsert, without reading older climbs, so a million-climb
-- seed is one pass over its transition table. The upsert takes each row's lock and sees its latest
-- version; the share a row had before is worked out from the row after and what was added (the
-- attempts up to the first send tell whether it was sent before). A row whose last climb is not
-- before the new ones (several inserts in one transaction share a created_at) is only marked (its
-- last_at cleared) and refolded from its climbs.
CREATE FUNCTION "users"."route_ascent_on_climb_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d record;
  k_route uuid[];
  k_user uuid[];
BEGIN
  PERFORM 1 FROM "users"."user" WHERE "id" IN (SELECT s."user_id" FROM "new_climbs" n JOIN "users"."session" s ON s."id" = n."session_id")
  ORDER BY "id" FOR SHARE;
  WITH "folded" AS (
    SELECT f."route_id", f."user_id", count(*)::int AS "climbs", sum(f."attempts")::int AS "attempts", bool_or(f."sent") AS "sent",
           bool_or(f."nth" = 1 AND f."flash") AS "flashed", (min(f."so_far") FILTER (WHERE f."sent"))::int AS "attempts_to_send",
           (count(*) FILTER (WHERE f."unnarrowed"))::int AS "public_climbs", min(f."created_at") AS "first_at", max(f."created_at") AS "last_at"
    FROM (
      SELECT n."route_id", s."user_id", n."sent", n."attempts", n."created_at",
             n."sent" AND n."attempts" = 1 AND n."style" IS DISTINCT FROM 'REPEAT' AS "flash",
             coalesce(s."visibility", 'PUBLIC') = 'PUBLIC' AND coalesce(n."visibility", 'PUBLIC') = 'PUBLIC' AS "unnarrowed",
             row_number() OVER w AS "nth", sum(n."attempts") OVER w AS "so_far"
      FROM "new_climbs" n JOIN "users"."session" s ON s."id" = n."session_id"
      WINDOW w AS (PARTITION BY n."route_id", s."user_id" ORDER BY n."created_at", n."id")
    ) f
    GROUP BY f."route_id", f."user_id"
  ),
  "upserted" AS (
    INSERT INTO "users"."route_ascent" AS a ("route_id", "user_id", "climbs", "attempts", "sent", "flashed", "attempts_to_send", "public_climbs", "first_at", "last_at")
    SELECT f.* FROM "folded" f WHERE EXISTS (SELECT 1 FROM "users"."user" u WHERE u."id" = f."user_id")
    ORDER BY f."route_id", f."user_id"
    ON CONFLICT ("route_id", "user_id") DO UPDATE
    SET "climbs" = CASE WHEN a."climbs" = 0 OR a."last_at" < excluded."first_at" THEN a."climbs" + excluded."climbs" ELSE a."climbs" END,
        "attempts" = CASE WHEN a."climbs" = 0 OR a."last_at" < excluded."first_at" THEN a."attempts" + excluded."attempts" ELSE a."attempts" END,
        "sent" = CASE WHEN a."climbs" = 0 OR a."last_at" < excluded."first_at" THEN a."sent" OR excluded."sent" ELSE a."sent" END,
        "flashed" = CASE WHEN a."climbs" = 0 THEN excluded."flashed" ELSE a."flashed" END,
        "attempts_to_send" = CASE WHEN a."sent" OR NOT (a."climbs" = 0 OR a."last_at" < excluded."first_at") THEN a."attempts_to_send"
                                  WHEN excluded."sent" THEN a."attempts" + excluded."attempts_to_send" END,
        "public_climbs" = CASE WHEN a."climbs" = 0 OR a."last_at" < excluded."first_at" THEN a."public_climbs" + excluded."public_climbs" ELSE a."public_climbs" END,
        "first_at" = CASE WHEN a."climbs" = 0 THEN excluded."first_at" ELSE a."first_at" END,
        "last_at" = CASE WHEN a."climbs" = 0 OR a."last_at" < excluded."first_at" THEN excluded."last_at" END
    RETURNING a.*
  ),
  "shares" AS (
    SELECT a."route_id", sh.*
    FROM "upserted" a JOIN "users"."user" u ON u."id" = a."user_id"
    CROSS JOIN LATERAL "users"."route_ascent_share"(a."climbs", a."sent", a."flashed", a."attempts_to_send", a."public_climbs", u."visibility") sh
    WHERE a."last_at" IS NOT NULL
    UNION ALL
    SELECT a."route_id", -sh."climbers", -sh."senders", -sh."flashers", -sh."attempts_to_send", -sh."private_climbers"
    FROM "upserted" a JOIN "folded" n USING ("route_id", "user_id") JOIN "users"."user" u ON u."id" = a."user_id"
    CROSS JOIN LATERAL "users"."route_ascent_share"(
      a."climbs" - n."climbs", a."sent" AND a."attempts_to_send" <= a."attempts" - n."attempts", a."flashed",
      CASE WHEN a."sent" AND a."attempts_to_send" <= a."attempts" - n."attempts" THEN a."attempts_to_send" END,
      a."public_climbs" - n."public_climbs", u."visibility") sh
    WHERE a."last_at" IS NOT NULL
  )
  SELECT array_agg("route_id") AS r, array_agg("climbers") AS c, array_agg("senders") AS s, array_agg("flashers") AS f,
         array_agg("attempts_to_send") AS a, array_agg("private_climbers") AS p INTO d FROM "shares";
  IF d.r IS NOT NULL THEN PERFORM "users"."route_ascent_count_apply"(d.r, d.c, d.s, d.f, d.a, d.p); END IF;
  -- The rows marked above: refolded, their share before read from the row as it was.
  SELECT array_agg(x."route_id"), array_agg(x."user_id") INTO k_route, k_user
  FROM (SELECT DISTINCT a."route_id", a."user_id" FROM "new_climbs" n JOIN "users"."session" s ON s."id" = n."session_id"
        JOIN "users"."route_ascent" a ON a."route_id" = n."route_id" AND a."user_id" = s."user_id"
        WHERE a."climbs" > 0 AND a."last_at" IS NULL) x;
  IF k_route IS NOT NULL THEN PERFORM "users"."route_ascent_rebuild"(k_route, k_user); END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- An edit or a delete refolds the (route, climber) keys of the climbs before and after it, when a
-- folded column changed.
CREATE FUNCTION "users"."route_ascent_on_climb_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k_route uuid[];
  k_user uuid[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT array_agg(x."route_id"), array_agg(x."user_id") INTO k_route, k_user
    FROM (SELECT DISTINCT o."route_id", s."user_id" FROM "old_climbs" o JOIN "users"."session" s ON s."id" = o."session_id") x;
  ELSE
    SELECT array_agg(x."route_id"), array_agg(x."user_id") INTO k_route, k_user
    FROM (
      SELECT DISTINCT c."route_id", s."user_id"
      FROM "old_climbs" o JOIN "new_climbs" n ON n."id" = o."id"
      CROSS JOIN LATERAL (VALUES (o."route_id", o."session_id"), (n."route_id", n."session_id")) AS c("route_id", "session_id")
      JOIN "users"."session" s ON s."id" = c."session_id"
      WHERE (o."session_id", o."route_id", o."attempts", o."sent", o."style", o."visibility", o."created_at")
            IS DISTINCT FROM (n."session_id", n."route_id", n."attempts", n."sent", n."style", n."visibility", n."created_at")
    ) x;
  END IF;
  IF k_route IS NOT NULL THEN PERFORM "users"."route_ascent_rebuild"(k_route, k_user); END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- A session's narrowing or climber moves its climbs' rows.
CREATE FUNCTION "users"."route_ascent_on_session_update"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k_route uuid[];
  k_user uuid[];
BEGIN
  SELECT array_agg(x."route_id"), array_agg(x."user_id") INTO k_route, k_user
  FROM (
    SELECT DISTINCT c."route_id", k."user_id"
    FROM "old_sessions" o JOIN "new_sessions" n ON n."id" = o."id"
    CROSS JOIN LATERAL (VALUES (o."user_id"), (n."user_id")) AS k("user_id")
    JOIN "users"."climb" c ON c."session_id" = n."id"
    WHERE (o."user_id", o."visibility") IS DISTINCT FROM (n."user_id", n."visibility")
  ) x;
  IF k_route IS NOT NULL THEN PERFORM "users"."route_ascent_rebuild"(k_route, k_user); END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- An account's visibility decides which of its climbers count as private: the rows are locked
-- (writers of them wait, or are waited for) and the counts moved by the difference.
CREATE FUNCTION "users"."route_ascent_on_user_visibility"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d record;
BEGIN
  PERFORM 1 FROM "users"."route_ascent" a
  WHERE a."user_id" IN (SELECT n."id" FROM "old_users" o JOIN "new_users" n ON n."id" = o."id" WHERE o."visibility" IS DISTINCT FROM n."visibility")
  ORDER BY a."route_id", a."user_id"
  FOR UPDATE;
  SELECT array_agg(a."route_id") AS r, array_agg(a."private") AS p INTO d
  FROM (
    SELECT a."route_id", (a."climbs" > 0 AND NOT (n."visibility" = 'PUBLIC' AND a."public_climbs" > 0))::int
                         - (a."climbs" > 0 AND NOT (o."visibility" = 'PUBLIC' AND a."public_climbs" > 0))::int AS "private"
    FROM "old_users" o JOIN "new_users" n ON n."id" = o."id"
    JOIN "users"."route_ascent" a ON a."user_id" = n."id"
    WHERE o."visibility" IS DISTINCT FROM n."visibility"
  ) a
  WHERE a."private" <> 0;
  IF d.r IS NOT NULL THEN
    PERFORM "users"."route_ascent_count_apply"(d.r, array_fill(0, ARRAY[cardinality(d.r)]), array_fill(0, ARRAY[cardinality(d.r)]),
      array_fill(0, ARRAY[cardinality(d.r)]), array_fill(0, ARRAY[cardinality(d.r)]), d.p);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "route_ascent_climb_insert" AFTER INSERT ON "users"."climb" REFERENCING NEW TABLE AS "new_climbs"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."route_ascent_on_climb_insert"();--> statement-breakpoint
CREATE TRIGGER "route_ascent_climb_update" AFTER UPDATE ON "users"."climb" REFERENCING OLD TABLE AS "old_climbs" NEW TABLE AS "new_climbs"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."route_ascent_on_climb_change"();--> statement-breakpoint
CREATE TRIGGER "route_ascent_climb_delete" AFTER DELETE ON "users"."climb" REFERENCING OLD TABLE AS "old_climbs"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."route_ascent_on_climb_change"();--> statement-breakpoint
CREATE TRIGGER "route_ascent_session_update" AFTER UPDATE ON "users"."session" REFERENCING OLD TABLE AS "old_sessions" NEW TABLE AS "new_sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."route_ascent_on_session_update"();--> statement-breakpoint
CREATE TRIGGER "route_ascent_user_visibility" AFTER UPDATE ON "users"."user" REFERENCING OLD TABLE AS "old_users" NEW TABLE AS "new_users"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."route_ascent_on_user_visibility"();--> statement-breakpoint
-- Climbs logged before the aggregates.
INSERT INTO "users"."route_ascent" ("route_id", "user_id", "climbs", "attempts", "sent", "flashed", "attempts_to_send", "public_climbs", "first_at", "last_at")
SELECT f."route_id", f."user_id", count(*)::int, sum(f."attempts")::int, bool_or(f."sent"), bool_or(f."nth" = 1 AND f."flash"),
       (min(f."so_far") FILTER (WHERE f."sent"))::int, (count(*) FILTER (WHERE f."unnarrowed"))::int, min(f."created_at"), max(f."created_at")
FROM (
  SELECT c."route_id", s."user_id", c."sent", c."attempts", c."created_at",
         c."sent" AND c."attempts" = 1 AND c."style" IS DISTINCT FROM 'REPEAT' AS "flash",
         coalesce(s."visibility", 'PUBLIC') = 'PUBLIC' AND coalesce(c."visibility", 'PUBLIC') = 'PUBLIC' AS "unnarrowed",
         row_number() OVER w AS "nth", sum(c."attempts") OVER w AS "so_far"
  FROM "users"."climb" c JOIN "users"."session" s ON s."id" = c."session_id"
  WINDOW w AS (PARTITION BY c."route_id", s."user_id" ORDER BY c."created_at", c."id")
) f
GROUP BY f."route_id", f."user_id";--> statement-breakpoint
INSERT INTO "users"."route_ascent_count" ("route_id", "climbers", "senders", "flashers", "attempts_to_send", "private_climbers")
SELECT a."route_id", sum(sh."climbers"), sum(sh."senders"), sum(sh."flashers"), sum(sh."attempts_to_send"), sum(sh."private_climbers")
FROM "users"."route_ascent" a JOIN "users"."user" u ON u."id" = a."user_id"
CROSS JOIN LATERAL "users"."route_ascent_share"(a."climbs", a."sent", a."flashed", a."attempts_to_send", a."public_climbs", u."visibility") sh
GROUP BY a."route_id";
