-- updatedAt (modified_at) is the database's to keep: every UPDATE that changes a row stamps it,
-- whichever code path (resolver, seed, psql) wrote, so an offline client can sync by it. An
-- UPDATE that changes nothing (archiving twice, an empty patch) keeps the old stamp.
CREATE FUNCTION "gyms"."touch_modified_at"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."modified_at" := OLD."modified_at";
  IF NEW IS DISTINCT FROM OLD THEN
    NEW."modified_at" := now();
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "grade_system_touch_modified_at" BEFORE UPDATE ON "gyms"."grade_system" FOR EACH ROW EXECUTE FUNCTION "gyms"."touch_modified_at"();--> statement-breakpoint
CREATE TRIGGER "grade_touch_modified_at" BEFORE UPDATE ON "gyms"."grade" FOR EACH ROW EXECUTE FUNCTION "gyms"."touch_modified_at"();--> statement-breakpoint
CREATE TRIGGER "gym_touch_modified_at" BEFORE UPDATE ON "gyms"."gym" FOR EACH ROW EXECUTE FUNCTION "gyms"."touch_modified_at"();--> statement-breakpoint
CREATE TRIGGER "wall_touch_modified_at" BEFORE UPDATE ON "gyms"."wall" FOR EACH ROW EXECUTE FUNCTION "gyms"."touch_modified_at"();--> statement-breakpoint
CREATE TRIGGER "route_touch_modified_at" BEFORE UPDATE ON "gyms"."route" FOR EACH ROW EXECUTE FUNCTION "gyms"."touch_modified_at"();
