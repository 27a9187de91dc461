-- Stats' aggregates (climber_month, climber_grade_month) are the database's to keep, like
-- follow_count: every write to a session or a climb moves them in its own transaction, whichever
-- path wrote (logClimb, updateClimb, deleteClimb, session edits and deletes, an import's multi-row
-- inserts, the grade backfill, a bench's INSERT ... SELECT). The triggers are statement-level with
-- transition tables, so a statement of a million climbs is one grouped pass, and they move counts
-- by exact deltas (+1 for a row's new version, -1 for its old one), which commute: concurrent
-- writers never recount anything. Buckets emptied by deletes or moves stay, as zeros.
-- A grade bucket also keeps its earliest send (hardestSend's order: session start, climb
-- created_at, climb id) with that sort key: added sends take the least, which commutes too under
-- the upsert's row lock; only a write that takes the earliest away (a delete, an update of it, a
-- move of its session) recounts that one bucket, from its month's climbs.

-- A bucket's narrowness: null and PUBLIC 0, FOLLOWERS 1, PRIVATE 2 (privacy/rule.ts's order).
CREATE FUNCTION "users"."narrowness"("users"."visibility") RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE $1 WHEN 'PRIVATE' THEN 2 WHEN 'FOLLOWERS' THEN 1 ELSE 0 END::smallint
$$;--> statement-breakpoint
-- A bucket's month: the first day of the UTC month a session started in.
CREATE FUNCTION "users"."stats_month"(timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_trunc('month', $1 AT TIME ZONE 'UTC')::date
$$;--> statement-breakpoint
-- The one statement that moves the buckets by `changes`, rows of (sign, user_id, start_time,
-- session_visibility, end_time, is_climb, visibility, sent, style, attempts, discipline, grade_id,
-- grade_scale, climb_id, created_at): a session's (is_climb false) or a climb's version to add (+1) or take away (-1),
-- with its session as it is. Returned as text for the trigger to EXECUTE, because a trigger's
-- transition tables are visible only to statements the trigger function itself runs. Only buckets
-- whose counts change are written, month buckets before grade buckets and each in key order, so
-- that two writers to the same buckets wait for each other rather than deadlock.
CREATE FUNCTION "users"."stats_delta"("changes" text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($sql$
    WITH c AS (
      SELECT "sign", "user_id", "users"."stats_month"("start_time") AS "month", "is_climb",
             CASE WHEN "is_climb" THEN greatest("users"."narrowness"("session_visibility"), "users"."narrowness"("visibility"))
                  ELSE "users"."narrowness"("session_visibility") END AS "narrowness",
             CASE WHEN "is_climb" THEN 0 ELSE coalesce((extract(epoch FROM "end_time" - "start_time") * 1000)::bigint, 0) END AS "duration_ms",
             "sent", "style", "attempts", "discipline", "grade_id", "grade_scale", "climb_id", "start_time", "created_at"
      FROM (%s) AS changes
    ), months AS (
      INSERT INTO "users"."climber_month" AS t ("user_id", "month", "narrowness", "sessions", "duration_ms", "climbs", "sends", "flashes", "onsights")
      SELECT * FROM (
        SELECT "user_id", "month", "narrowness",
               sum(CASE WHEN "is_climb" THEN 0 ELSE "sign" END) AS "sessions",
               sum("sign" * "duration_ms") AS "duration_ms",
               sum(CASE WHEN "is_climb" THEN "sign" ELSE 0 END) AS "climbs",
               sum(CASE WHEN "is_climb" AND "sent" THEN "sign" ELSE 0 END) AS "sends",
               sum(CASE WHEN "is_climb" AND "style" = 'FLASH' THEN "sign" ELSE 0 END) AS "flashes",
               sum(CASE WHEN "is_climb" AND "style" = 'ONSIGHT' THEN "sign" ELSE 0 END) AS "onsights"
        FROM c GROUP BY 1, 2, 3
      ) AS d
      WHERE ("sessions", "duration_ms", "climbs", "sends", "flashes", "onsights") <> (0, 0, 0, 0, 0, 0)
      ORDER BY 1, 2, 3
      ON CONFLICT ("user_id", "month", "narrowness") DO UPDATE
        SET "sessions" = t."sessions" + excluded."sessions", "duration_ms" = t."duration_ms" + excluded."duration_ms",
            "climbs" = t."climbs" + excluded."climbs", "sends" = t."sends" + excluded."sends",
            "flashes" = t."flashes" + excluded."flashes", "onsights" = t."onsights" + excluded."onsights"
      RETURNING 1
    ), graded AS (
      SELECT * FROM c WHERE "is_climb" AND "grade_id" IS NOT NULL AND "grade_scale" IS NOT NULL AND "discipline" IS NOT NULL
    )
    INSERT INTO "users"."climber_grade_month" AS t ("user_id", "discipline", "month", "grade_id", "grade_scale", "narrowness", "climbs", "sends", "tries",
                                                  "first_send_id", "first_send_start", "first_send_created_at")
    SELECT d.*, f."climb_id", f."start_time", f."created_at" FROM (
      SELECT "user_id", "discipline", "month", "grade_id", "grade_scale", "narrowness", sum("sign") AS "climbs",
             sum(CASE WHEN "sent" THEN "sign" ELSE 0 END) AS "sends", sum("sign" * "attempts") AS "tries"
      FROM graded
      GROUP BY 1, 2, 3, 4, 5, 6
    ) AS d LEFT JOIN (
      -- Each bucket's earliest added send.
      SELECT DISTINCT ON ("user_id", "discipline", "month", "grade_id", "grade_scale", "narrowness")
             "user_id", "discipline", "month", "grade_id", "grade_scale", "narrowness", "climb_id", "start_time", "created_at"
      FROM graded WHERE "sign" = 1 AND "sent"
      ORDER BY "user_id", "discipline", "month", "grade_id", "grade_scale", "narrowness", "start_time", "created_at", "climb_id"
    ) AS f USING ("user_id", "discipline", "month", "grade_id", "grade_scale", "narrowness")
    -- The month buckets first: reading the CTE runs it to its end before any grade bucket is written.
    -- A send whose counts cancel (its session's start moved within the month) may still be earlier.
    WHERE (("climbs", "sends", "tries") <> (0, 0, 0) OR f."climb_id" IS NOT NULL) AND (SELECT count(*) FROM months) >= 0
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("user_id", "discipline", "month", "grade_id", "grade_scale", "narrowness") DO UPDATE
      SET "climbs" = t."climbs" + excluded."climbs", "sends" = t."sends" + excluded."sends", "tries" = t."tries" + excluded."tries",
          ("first_send_start", "first_send_created_at", "first_send_id") = (
            SELECT * FROM (VALUES (t."first_send_start", t."first_send_created_at", t."first_send_id"),
                                  (excluded."first_send_start", excluded."first_send_created_at", excluded."first_send_id")) AS e ("start_time", "created_at", "id")
            WHERE "id" IS NOT NULL ORDER BY 1, 2, 3 LIMIT 1)
  $sql$, "changes")
$$;--> statement-breakpoint
-- The statement, run after stats_delta's, that recounts the earliest send of each grade bucket
-- whose earliest send `changes` took away (a -1 version of it): from that bucket's month of
-- sessions and climbs as they are now, leaving out `gone_session` (an expression: a session being
-- deleted, whose climbs are still there), so bounded by one month and run only on such writes.
CREATE FUNCTION "users"."stats_first_sends"("changes" text, "gone_session" text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($sql$
    WITH gone AS (
      SELECT DISTINCT "user_id", "discipline", "users"."stats_month"("start_time") AS "month", "grade_id", "grade_scale",
             greatest("users"."narrowness"("session_visibility"), "users"."narrowness"("visibility")) AS "narrowness", "climb_id"
      FROM (%s) AS changes
      WHERE "sign" = -1 AND "is_climb" AND "sent" AND "grade_id" IS NOT NULL AND "grade_scale" IS NOT NULL AND "discipline" IS NOT NULL
    )
    UPDATE "users"."climber_grade_month" AS t
    SET ("first_send_start", "first_send_created_at", "first_send_id") = (
      SELECT s."start_time", k."created_at", k."id"
      FROM "users"."session" AS s
      -- Each session's earliest such climb, in a lateral subquery: through the climbs' session
      -- index, whatever the planner guesses (a join would scan every climb).
      CROSS JOIN LATERAL (
        SELECT k."created_at", k."id" FROM "users"."climb" AS k
        WHERE k."session_id" = s."id" AND k."discipline" = t."discipline" AND k."grade_id" = t."grade_id" AND k."grade_scale" = t."grade_scale" AND k."sent"
          AND greatest("users"."narrowness"(s."visibility"), "users"."narrowness"(k."visibility")) = t."narrowness"
        ORDER BY k."created_at", k."id" LIMIT 1
      ) AS k
      WHERE s."user_id" = t."user_id" AND s."id" IS DISTINCT FROM %s
        AND s."start_time" >= t."month"::timestamp AT TIME ZONE 'UTC'
        AND s."start_time" < (t."month" + interval '1 month') AT TIME ZONE 'UTC'
      ORDER BY s."start_time", k."created_at", k."id" LIMIT 1)
    FROM gone AS g
    WHERE (t."user_id", t."discipline", t."month", t."grade_id", t."grade_scale", t."narrowness", t."first_send_id")
        = (g."user_id", g."discipline", g."month", g."grade_id", g."grade_scale", g."narrowness", g."climb_id")
  $sql$, "changes", "gone_session")
$$;--> statement-breakpoint
-- Climbs: a climb counts in its session's bucket, so the sessions are locked FOR SHARE first. That
-- waits for a concurrent move of a session (a new start month, narrowness or owner) and holds off
-- a later one until this commits; the session is then read as it is after the wait. Climbs of a
-- session deleted in this transaction (a cascade) find no session: the session's delete trigger
-- took them away already.
CREATE FUNCTION "users"."climb_stats"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  versions text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_climbs'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_climbs'
    ELSE 'SELECT -1 AS sign, * FROM old_climbs UNION ALL SELECT 1 AS sign, * FROM new_climbs'
  END;
  changes text;
BEGIN
  EXECUTE format('SELECT 1 FROM "users"."session" WHERE "id" IN (SELECT "session_id" FROM (%s) AS c) ORDER BY "id" FOR SHARE', versions);
  changes := format(
    'SELECT c."sign", s."user_id", s."start_time", s."visibility" AS "session_visibility", s."end_time", true AS "is_climb",
            c."visibility", c."sent", c."style", c."attempts", c."discipline", c."grade_id", c."grade_scale", c."id" AS "climb_id", c."created_at"
     FROM (%s) AS c JOIN "users"."session" AS s ON s."id" = c."session_id"', versions);
  EXECUTE "users"."stats_delta"(changes);
  IF TG_OP <> 'INSERT' THEN
    EXECUTE "users"."stats_first_sends"(changes, 'NULL');
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "climb_stats_insert" AFTER INSERT ON "users"."climb" REFERENCING NEW TABLE AS new_climbs FOR EACH STATEMENT EXECUTE FUNCTION "users"."climb_stats"();--> statement-breakpoint
CREATE TRIGGER "climb_stats_update" AFTER UPDATE ON "users"."climb" REFERENCING OLD TABLE AS old_climbs NEW TABLE AS new_climbs FOR EACH STATEMENT EXECUTE FUNCTION "users"."climb_stats"();--> statement-breakpoint
CREATE TRIGGER "climb_stats_delete" AFTER DELETE ON "users"."climb" REFERENCING OLD TABLE AS old_climbs FOR EACH STATEMENT EXECUTE FUNCTION "users"."climb_stats"();--> statement-breakpoint
-- Sessions: a new one counts in its bucket; an edited one moves from its old version's bucket to
-- its new one's, and takes its climbs along when its start, narrowness or owner changed (a start
-- moved within its month leaves the counts as they were but reorders the climbs for the earliest
-- sends). The row lock its UPDATE took keeps the session's climb writers waiting until this commits.
CREATE FUNCTION "users"."session_stats"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE "users"."stats_delta"(
      'SELECT 1 AS sign, "user_id", "start_time", "visibility" AS "session_visibility", "end_time", false AS "is_climb",
              NULL::"users"."visibility" AS "visibility", NULL::boolean AS "sent", NULL::"users"."ascent_style" AS "style",
              NULL::integer AS "attempts", NULL::"users"."discipline" AS "discipline", NULL::uuid AS "grade_id", NULL::integer AS "grade_scale",
              NULL::uuid AS "climb_id", NULL::timestamptz AS "created_at"
       FROM new_sessions');
    RETURN NULL;
  END IF;
  changes :=
    'WITH versions AS (
       SELECT -1 AS sign, * FROM old_sessions UNION ALL SELECT 1 AS sign, * FROM new_sessions
     ), moved AS (
       SELECT o."id" FROM old_sessions AS o JOIN new_sessions AS n ON n."id" = o."id"
       WHERE (o."user_id", o."start_time", "users"."narrowness"(o."visibility"))
             IS DISTINCT FROM (n."user_id", n."start_time", "users"."narrowness"(n."visibility"))
     )
     SELECT v."sign", v."user_id", v."start_time", v."visibility" AS "session_visibility", v."end_time", false AS "is_climb",
            NULL::"users"."visibility" AS "visibility", NULL::boolean AS "sent", NULL::"users"."ascent_style" AS "style",
            NULL::integer AS "attempts", NULL::"users"."discipline" AS "discipline", NULL::uuid AS "grade_id", NULL::integer AS "grade_scale",
              NULL::uuid AS "climb_id", NULL::timestamptz AS "created_at"
     FROM versions AS v
     UNION ALL
     SELECT v."sign", v."user_id", v."start_time", v."visibility", v."end_time", true,
            c."visibility", c."sent", c."style", c."attempts", c."discipline", c."grade_id", c."grade_scale", c."id", c."created_at"
     FROM versions AS v JOIN moved AS m ON m."id" = v."id" JOIN "users"."climb" AS c ON c."session_id" = v."id"';
  EXECUTE "users"."stats_delta"(changes);
  EXECUTE "users"."stats_first_sends"(changes, 'NULL');
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "session_stats_insert" AFTER INSERT ON "users"."session" REFERENCING NEW TABLE AS new_sessions FOR EACH STATEMENT EXECUTE FUNCTION "users"."session_stats"();--> statement-breakpoint
CREATE TRIGGER "session_stats_update" AFTER UPDATE ON "users"."session" REFERENCING OLD TABLE AS old_sessions NEW TABLE AS new_sessions FOR EACH STATEMENT EXECUTE FUNCTION "users"."session_stats"();--> statement-breakpoint
-- A deleted session takes itself and its climbs away BEFORE its row goes: the climbs leave by the
-- foreign key's cascade, after which their own trigger no longer finds their session. Firing
-- BEFORE, the row is already locked (after waiting for climb writers holding it FOR SHARE or KEY
-- SHARE), so the climbs read are all there are. A session that goes with its account (a cascade
-- from user) is skipped: the account's buckets go by their own cascade.
CREATE FUNCTION "users"."session_stats_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "users"."user" WHERE "id" = OLD."user_id") THEN
    RETURN OLD;
  END IF;
  changes :=
    'SELECT -1 AS sign, $1 AS "user_id", $2 AS "start_time", $3 AS "session_visibility", $4 AS "end_time", false AS "is_climb",
            NULL::"users"."visibility" AS "visibility", NULL::boolean AS "sent", NULL::"users"."ascent_style" AS "style",
            NULL::integer AS "attempts", NULL::"users"."discipline" AS "discipline", NULL::uuid AS "grade_id", NULL::integer AS "grade_scale",
              NULL::uuid AS "climb_id", NULL::timestamptz AS "created_at"
     UNION ALL
     SELECT -1, $1, $2, $3, $4, true, "visibility", "sent", "style", "attempts", "discipline", "grade_id", "grade_scale", "id", "created_at"
     FROM "users"."climb" WHERE "session_id" = $5';
  EXECUTE "users"."stats_delta"(changes) USING OLD."user_id", OLD."start_time", OLD."visibility", OLD."end_time", OLD."id";
  EXECUTE "users"."stats_first_sends"(changes, '$5') USING OLD."user_id", OLD."start_time", OLD."visibility", OLD."end_time", OLD."id";
  RETURN OLD;
END
$$;--> statement-breakpoint
CREATE TRIGGER "session_stats_delete" BEFORE DELETE ON "users"."session" FOR EACH ROW EXECUTE FUNCTION "users"."session_stats_delete"();--> statement-breakpoint
-- Sessions and climbs written before the aggregates.
DO $$
BEGIN
  EXECUTE "users"."stats_delta"(
    'SELECT 1 AS sign, "user_id", "start_time", "visibility" AS "session_visibility", "end_time", false AS "is_climb",
            NULL::"users"."visibility" AS "visibility", NULL::boolean AS "sent", NULL::"users"."ascent_style" AS "style",
            NULL::integer AS "attempts", NULL::"users"."discipline" AS "discipline", NULL::uuid AS "grade_id", NULL::integer AS "grade_scale",
              NULL::uuid AS "climb_id", NULL::timestamptz AS "created_at"
     FROM "users"."session"
     UNION ALL
     SELECT 1, s."user_id", s."start_time", s."visibility", s."end_time", true,
            c."visibility", c."sent", c."style", c."attempts", c."discipline", c."grade_id", c."grade_scale", c."id", c."created_at"
     FROM "users"."climb" AS c JOIN "users"."session" AS s ON s."id" = c."session_id"');
END
$$;
