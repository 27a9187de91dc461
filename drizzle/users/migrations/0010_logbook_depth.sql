CREATE TYPE "users"."discipline" AS ENUM('BOULDER', 'ROPE');--> statement-breakpoint
CREATE TABLE "users"."preference" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"boulder_grade_system_id" uuid,
	"rope_grade_system_id" uuid,
	"show_on_leaderboards" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users"."rating" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"route_id" uuid NOT NULL,
	"stars" integer NOT NULL,
	"suggested_grade_id" uuid,
	"suggested_grade_scale" integer,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rating_stars_range" CHECK ("users"."rating"."stars" between 1 and 5),
	CONSTRAINT "rating_suggested_grade_complete" CHECK (("users"."rating"."suggested_grade_id" is null) = ("users"."rating"."suggested_grade_scale" is null))
);
--> statement-breakpoint
ALTER TABLE "users"."climb" ADD COLUMN "grade_id" uuid;--> statement-breakpoint
ALTER TABLE "users"."climb" ADD COLUMN "grade_scale" integer;--> statement-breakpoint
ALTER TABLE "users"."climb" ADD COLUMN "discipline" "users"."discipline";--> statement-breakpoint
ALTER TABLE "users"."climb" ADD COLUMN "gym_id" uuid;--> statement-breakpoint
ALTER TABLE "users"."preference" ADD CONSTRAINT "preference_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."rating" ADD CONSTRAINT "rating_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rating_user_id_route_id_key" ON "users"."rating" USING btree ("user_id","route_id");--> statement-breakpoint
CREATE INDEX "rating_route_id_created_at_idx" ON "users"."rating" USING btree ("route_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "climb_gym_id_created_at_idx" ON "users"."climb" USING btree ("gym_id","created_at");--> statement-breakpoint
CREATE INDEX "climb_grade_pending_idx" ON "users"."climb" USING btree ("id") WHERE "users"."climb"."grade_id" is null;--> statement-breakpoint
-- A climb's gym is its session's: filled here. Its grade (grade_id, grade_scale, discipline) lives
-- in the gyms service: the users service backfills it on start (see docs/operations.md).
UPDATE "users"."climb" SET "gym_id" = "users"."session"."gym_id" FROM "users"."session" WHERE "users"."climb"."session_id" = "users"."session"."id";--> statement-breakpoint
-- updatedAt (modified_at) is the database's to keep: every UPDATE that changes a row stamps it,
-- whichever code path (resolver, seed, psql) wrote, so an offline client can sync by it. An
-- UPDATE that changes nothing keeps the old stamp.
CREATE FUNCTION "users"."touch_modified_at"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."modified_at" := OLD."modified_at";
  IF NEW IS DISTINCT FROM OLD THEN
    NEW."modified_at" := now();
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "user_touch_modified_at" BEFORE UPDATE ON "users"."user" FOR EACH ROW EXECUTE FUNCTION "users"."touch_modified_at"();--> statement-breakpoint
CREATE TRIGGER "session_touch_modified_at" BEFORE UPDATE ON "users"."session" FOR EACH ROW EXECUTE FUNCTION "users"."touch_modified_at"();--> statement-breakpoint
CREATE TRIGGER "climb_touch_modified_at" BEFORE UPDATE ON "users"."climb" FOR EACH ROW EXECUTE FUNCTION "users"."touch_modified_at"();--> statement-breakpoint
CREATE TRIGGER "preference_touch_modified_at" BEFORE UPDATE ON "users"."preference" FOR EACH ROW EXECUTE FUNCTION "users"."touch_modified_at"();--> statement-breakpoint
CREATE TRIGGER "rating_touch_modified_at" BEFORE UPDATE ON "users"."rating" FOR EACH ROW EXECUTE FUNCTION "users"."touch_modified_at"();
