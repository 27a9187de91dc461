CREATE TYPE "gyms"."route_tag" AS ENUM('CRIMPY', 'SLOPEY', 'PINCHY', 'POCKETS', 'JUGS', 'SLAB', 'VERTICAL', 'OVERHANG', 'ROOF', 'DYNO', 'COORDINATION', 'TECHNICAL', 'POWERFUL', 'ENDURANCE', 'BALANCE', 'COMPRESSION', 'HEEL_HOOKS', 'TOE_HOOKS', 'MANTLE', 'MORPHO');--> statement-breakpoint
CREATE TABLE "gyms"."route_tag_vote" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"route_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"tag" "gyms"."route_tag" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "gyms"."gym" ADD COLUMN "out_soon_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "gyms"."route" ADD COLUMN "planned_strip_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gyms"."route" ADD COLUMN "tags" "gyms"."route_tag"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "gyms"."route_tag_vote" ADD CONSTRAINT "route_tag_vote_route_id_route_id_fk" FOREIGN KEY ("route_id") REFERENCES "gyms"."route"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "route_tag_vote_standing_key" ON "gyms"."route_tag_vote" USING btree ("route_id","tag","user_id") WHERE "gyms"."route_tag_vote"."withdrawn_at" is null;--> statement-breakpoint
CREATE INDEX "route_tag_vote_user_id_idx" ON "gyms"."route_tag_vote" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "route_gym_id_planned_strip_at_idx" ON "gyms"."route" USING btree ("gym_id","planned_strip_at","id") WHERE "gyms"."route"."stripped_at" is null;--> statement-breakpoint
ALTER TABLE "gyms"."gym" ADD CONSTRAINT "gym_out_soon_days_range" CHECK ("gyms"."gym"."out_soon_days" between 1 and 60);--> statement-breakpoint
ALTER TABLE "gyms"."route" ADD CONSTRAINT "route_tags_max" CHECK (cardinality("gyms"."route"."tags") <= 6);