-- route_rating_count (Route.rating: average, count, privateCount) is the database's to keep: every
-- rating write (rateRoute's upsert, deleteRating) moves it by deltas in its own transaction, and so
-- does a change of a rater's account visibility (privateCount counts raters not PUBLIC).
-- Statement-level over transition tables; deltas commute (the upsert's row lock orders them), and a
-- rating write shares a lock on its raters' accounts first, so that a change of visibility, which
-- updates the account row, sees the ratings committed before it and is seen by those after.
-- An account's deletion removes its ratings first (the trigger on "user" below), while the account
-- still says whether each rater counted as private: the cascade that follows finds none left.
-- Applies deltas per route; a route nobody rates any more has no row.
CREATE FUNCTION "users"."route_rating_count_apply"(p_route uuid[], p_raters int[], p_stars int[], p_private int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "users"."route_rating_count" AS c ("route_id", "raters", "stars", "private_raters")
  SELECT d."route_id", sum(d."raters"), sum(d."stars"), sum(d."private")
  FROM unnest(p_route, p_raters, p_stars, p_private) AS d("route_id", "raters", "stars", "private")
  GROUP BY d."route_id"
  ORDER BY d."route_id"
  ON CONFLICT ("route_id") DO UPDATE
    SET "raters" = c."raters" + excluded."raters", "stars" = c."stars" + excluded."stars",
        "private_raters" = c."private_raters" + excluded."private_raters";
  DELETE FROM "users"."route_rating_count" WHERE "route_id" = ANY (p_route) AND "raters" = 0;
END
$$;--> statement-breakpoint
-- Each rating written adds its stars, each one removed or replaced takes them away.
CREATE FUNCTION "users"."route_rating_count_add"(p_route uuid[], p_user uuid[], p_stars int[], p_sign int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  d_route uuid[];
  d_raters int[];
  d_stars int[];
  d_private int[];
BEGIN
  PERFORM 1 FROM "users"."user" WHERE "id" = ANY (p_user) ORDER BY "id" FOR SHARE;
  SELECT array_agg(d."route_id"), array_agg(p_sign), array_agg(p_sign * d."stars"),
         array_agg(CASE WHEN u."visibility" <> 'PUBLIC' THEN p_sign ELSE 0 END)
  INTO d_route, d_raters, d_stars, d_private
  FROM unnest(p_route, p_user, p_stars) AS d("route_id", "user_id", "stars")
  JOIN "users"."user" u ON u."id" = d."user_id";
  IF d_route IS NOT NULL THEN PERFORM "users"."route_rating_count_apply"(d_route, d_raters, d_stars, d_private); END IF;
END
$$;--> statement-breakpoint
CREATE FUNCTION "users"."route_rating_count_on_rating"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM "users"."route_rating_count_add"(array_agg("route_id"), array_agg("user_id"), array_agg("stars"), -1) FROM "old_ratings";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM "users"."route_rating_count_add"(array_agg("route_id"), array_agg("user_id"), array_agg("stars"), 1) FROM "new_ratings";
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION "users"."route_rating_count_on_user_visibility"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d_route uuid[];
  d_private int[];
BEGIN
  SELECT array_agg(r."route_id"), array_agg(CASE WHEN n."visibility" <> 'PUBLIC' THEN 1 ELSE -1 END)
  INTO d_route, d_private
  FROM "old_users" o JOIN "new_users" n ON n."id" = o."id"
  JOIN "users"."rating" r ON r."user_id" = n."id"
  WHERE (o."visibility" <> 'PUBLIC') <> (n."visibility" <> 'PUBLIC');
  IF d_route IS NOT NULL THEN
    PERFORM "users"."route_rating_count_apply"(d_route, array_fill(0, ARRAY[cardinality(d_route)]), array_fill(0, ARRAY[cardinality(d_route)]), d_private);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION "users"."route_rating_count_on_user_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "users"."rating" WHERE "user_id" = OLD."id";
  RETURN OLD;
END
$$;--> statement-breakpoint
CREATE TRIGGER "route_rating_count_insert" AFTER INSERT ON "users"."rating" REFERENCING NEW TABLE AS "new_ratings"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."route_rating_count_on_rating"();--> statement-breakpoint
CREATE TRIGGER "route_rating_count_update" AFTER UPDATE ON "users"."rating" REFERENCING OLD TABLE AS "old_ratings" NEW TABLE AS "new_ratings"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."route_rating_count_on_rating"();--> statement-breakpoint
CREATE TRIGGER "route_rating_count_delete" AFTER DELETE ON "users"."rating" REFERENCING OLD TABLE AS "old_ratings"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."route_rating_count_on_rating"();--> statement-breakpoint
CREATE TRIGGER "route_rating_count_user_visibility" AFTER UPDATE ON "users"."user" REFERENCING OLD TABLE AS "old_users" NEW TABLE AS "new_users"
  FOR EACH STATEMENT EXECUTE FUNCTION "users"."route_rating_count_on_user_visibility"();--> statement-breakpoint
-- Row-level, before the row goes: one account at a time, while it still says who was private.
CREATE TRIGGER "route_rating_count_user_delete" BEFORE DELETE ON "users"."user"
  FOR EACH ROW EXECUTE FUNCTION "users"."route_rating_count_on_user_delete"();--> statement-breakpoint
-- Ratings written before the counts.
INSERT INTO "users"."route_rating_count" ("route_id", "raters", "stars", "private_raters")
SELECT r."route_id", count(*), sum(r."stars"), count(*) FILTER (WHERE u."visibility" <> 'PUBLIC')
FROM "users"."rating" r JOIN "users"."user" u ON u."id" = r."user_id"
GROUP BY r."route_id";
