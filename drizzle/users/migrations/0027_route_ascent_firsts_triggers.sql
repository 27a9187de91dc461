-- route_ascent keeps when a climber first sent a route (first_send_at) and first logged a climb on
-- it that neither its session nor itself narrows (first_public_at), beside first_at. Climbs are
-- folded in logging order (created_at, id), so the climbs settled by any cutoff on created_at are
-- a prefix of that order, and their fold follows from the row: the climber counts iff first_at is
-- before the cutoff, flashed iff the row is and first_at is, sent iff first_send_at is (and then
-- with the row's attempts_to_send: every climb up to the first send is in the prefix), public iff
-- first_public_at is. ascent-store.ts applies the settling rule from these, without reading the
-- climbs of long histories. The functions of 0022 are replaced to keep the two columns, and the
-- rows already there are backfilled.

-- As in 0022, with the two new columns folded.
CREATE OR REPLACE FUNCTION "users"."route_ascent_rebuild"(p_route uuid[], p_user uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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
        "attempts_to_send" = f."attempts_to_send", "public_climbs" = f."public_climbs", "first_at" = f."first_at", "last_at" = f."last_at",
        "first_send_at" = f."first_send_at", "first_public_at" = f."first_public_at"
    FROM "keys" k
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS "climbs", coalesce(sum(c."attempts"), 0)::int AS "attempts", coalesce(bool_or(c."sent"), false) AS "sent",
             coalesce(bool_or(c."nth" = 1 AND c."flash"), false) AS "flashed",
             (min(c."so_far") FILTER (WHERE c."sent"))::int AS "attempts_to_send",
             (count(*) FILTER (WHERE c."unnarrowed"))::int AS "public_climbs", min(c."created_at") AS "first_at", max(c."created_at") AS "last_at",
             min(c."created_at") FILTER (WHERE c."sent") AS "first_send_at", min(c."created_at") FILTER (WHERE c."unnarrowed") AS "first_public_at"
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
-- As in 0022, with the two new columns folded. New climbs that come after the row's last one
-- keep its first send and first public climb if it has them (they are earlier), else take the new
-- climbs' own; a row whose last climb is not before the new ones (an import of older climbs, or
-- several inserts in one transaction sharing a created_at) is marked and refolded from its climbs
-- by route_ascent_rebuild, as before, so its firsts are exact too.
CREATE OR REPLACE FUNCTION "users"."route_ascent_on_climb_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
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
           (count(*) FILTER (WHERE f."unnarrowed"))::int AS "public_climbs", min(f."created_at") AS "first_at", max(f."created_at") AS "last_at",
           min(f."created_at") FILTER (WHERE f."sent") AS "first_send_at", min(f."created_at") FILTER (WHERE f."unnarrowed") AS "first_public_at"
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
    INSERT INTO "users"."route_ascent" AS a ("route_id", "user_id", "climbs", "attempts", "sent", "flashed", "attempts_to_send", "public_climbs", "first_at", "last_at", "first_send_at", "first_public_at")
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
        "last_at" = CASE WHEN a."climbs" = 0 OR a."last_at" < excluded."first_at" THEN excluded."last_at" END,
        "first_send_at" = CASE WHEN a."climbs" = 0 THEN excluded."first_send_at"
                               WHEN a."last_at" < excluded."first_at" THEN coalesce(a."first_send_at", excluded."first_send_at")
                               ELSE a."first_send_at" END,
        "first_public_at" = CASE WHEN a."climbs" = 0 THEN excluded."first_public_at"
                                 WHEN a."last_at" < excluded."first_at" THEN coalesce(a."first_public_at", excluded."first_public_at")
                                 ELSE a."first_public_at" END
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
-- The rows already kept: their firsts from their climbs.
UPDATE "users"."route_ascent" a
SET "first_send_at" = f."first_send_at", "first_public_at" = f."first_public_at"
FROM (
  SELECT c."route_id", s."user_id", min(c."created_at") FILTER (WHERE c."sent") AS "first_send_at",
         min(c."created_at") FILTER (WHERE coalesce(s."visibility", 'PUBLIC') = 'PUBLIC' AND coalesce(c."visibility", 'PUBLIC') = 'PUBLIC') AS "first_public_at"
  FROM "users"."climb" c JOIN "users"."session" s ON s."id" = c."session_id"
  GROUP BY c."route_id", s."user_id"
) f
WHERE a."route_id" = f."route_id" AND a."user_id" = f."user_id";
