CREATE TYPE "gyms"."route_report_reason" AS ENUM('LOOSE_HOLD', 'SPINNING_HOLD', 'DANGEROUS', 'OTHER');--> statement-breakpoint
CREATE TYPE "gyms"."route_tag" AS ENUM('CRIMPY', 'SLOPEY', 'PINCHY', 'POCKETS', 'JUGS', 'SLAB', 'VERTICAL', 'OVERHANG', 'ROOF', 'DYNO', 'COORDINATION', 'TECHNICAL', 'POWERFUL', 'ENDURANCE', 'BALANCE', 'COMPRESSION', 'HEEL_HOOKS', 'TOE_HOOKS', 'MANTLE', 'MORPHO');--> statement-breakpoint
CREATE TYPE "gyms"."staff_role" AS ENUM('OWNER', 'HEAD_SETTER', 'SETTER');--> statement-breakpoint
CREATE TABLE "gyms"."gym_staff" (
	"gym_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "gyms"."staff_role" NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gym_staff_pkey" PRIMARY KEY("gym_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "gyms"."renew_vote_change" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"route_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gyms"."route_renew_vote" (
	"route_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "route_renew_vote_pkey" PRIMARY KEY("route_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "gyms"."route_report" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"route_id" uuid NOT NULL,
	"gym_id" uuid NOT NULL,
	"reporter_id" uuid NOT NULL,
	"reason" "gyms"."route_report_reason" NOT NULL,
	"note" varchar(500),
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolution" varchar(500),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gyms"."route_setters" (
	"route_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "route_setters_pkey" PRIMARY KEY("route_id","user_id"),
	CONSTRAINT "route_setters_position_key" UNIQUE("route_id","position"),
	CONSTRAINT "route_setters_position_range" CHECK ("gyms"."route_setters"."position" between 0 and 4)
);
--> statement-breakpoint
CREATE TABLE "gyms"."route_tag_vote" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"route_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"tag" "gyms"."route_tag" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "gyms"."wall_grade_target" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wall_id" uuid NOT NULL,
	"from_grade_id" uuid NOT NULL,
	"to_grade_id" uuid NOT NULL,
	"count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wall_grade_target_count_range" CHECK ("gyms"."wall_grade_target"."count" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "gyms"."gym" ADD COLUMN "out_soon_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "gyms"."route" ADD COLUMN "planned_strip_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gyms"."route" ADD COLUMN "tags" "gyms"."route_tag"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "gyms"."gym_staff" ADD CONSTRAINT "gym_staff_gym_id_gym_id_fk" FOREIGN KEY ("gym_id") REFERENCES "gyms"."gym"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gyms"."route_renew_vote" ADD CONSTRAINT "route_renew_vote_route_id_route_id_fk" FOREIGN KEY ("route_id") REFERENCES "gyms"."route"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gyms"."route_report" ADD CONSTRAINT "route_report_route_id_route_id_fk" FOREIGN KEY ("route_id") REFERENCES "gyms"."route"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gyms"."route_report" ADD CONSTRAINT "route_report_gym_id_gym_id_fk" FOREIGN KEY ("gym_id") REFERENCES "gyms"."gym"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gyms"."route_setters" ADD CONSTRAINT "route_setters_route_id_route_id_fk" FOREIGN KEY ("route_id") REFERENCES "gyms"."route"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gyms"."route_tag_vote" ADD CONSTRAINT "route_tag_vote_route_id_route_id_fk" FOREIGN KEY ("route_id") REFERENCES "gyms"."route"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gyms"."wall_grade_target" ADD CONSTRAINT "wall_grade_target_wall_id_wall_id_fk" FOREIGN KEY ("wall_id") REFERENCES "gyms"."wall"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gyms"."wall_grade_target" ADD CONSTRAINT "wall_grade_target_from_grade_id_grade_id_fk" FOREIGN KEY ("from_grade_id") REFERENCES "gyms"."grade"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gyms"."wall_grade_target" ADD CONSTRAINT "wall_grade_target_to_grade_id_grade_id_fk" FOREIGN KEY ("to_grade_id") REFERENCES "gyms"."grade"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gym_staff_user_id_idx" ON "gyms"."gym_staff" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "renew_vote_change_user_id_created_at_idx" ON "gyms"."renew_vote_change" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "route_report_open_key" ON "gyms"."route_report" USING btree ("route_id","reporter_id","reason") WHERE "gyms"."route_report"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "route_report_gym_id_created_at_idx" ON "gyms"."route_report" USING btree ("gym_id","created_at","id");--> statement-breakpoint
CREATE INDEX "route_report_route_id_idx" ON "gyms"."route_report" USING btree ("route_id");--> statement-breakpoint
CREATE INDEX "route_report_reporter_id_created_at_idx" ON "gyms"."route_report" USING btree ("reporter_id","created_at","id");--> statement-breakpoint
CREATE INDEX "route_setters_user_id_idx" ON "gyms"."route_setters" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "route_tag_vote_standing_key" ON "gyms"."route_tag_vote" USING btree ("route_id","tag","user_id") WHERE "gyms"."route_tag_vote"."withdrawn_at" is null;--> statement-breakpoint
CREATE INDEX "route_tag_vote_user_id_idx" ON "gyms"."route_tag_vote" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "wall_grade_target_wall_id_idx" ON "gyms"."wall_grade_target" USING btree ("wall_id");--> statement-breakpoint
CREATE INDEX "route_gym_id_planned_strip_at_idx" ON "gyms"."route" USING btree ("gym_id","planned_strip_at","id") WHERE "gyms"."route"."stripped_at" is null;--> statement-breakpoint
ALTER TABLE "gyms"."gym" ADD CONSTRAINT "gym_out_soon_days_range" CHECK ("gyms"."gym"."out_soon_days" between 1 and 60);--> statement-breakpoint
ALTER TABLE "gyms"."route" ADD CONSTRAINT "route_tags_max" CHECK (cardinality("gyms"."route"."tags") <= 6);