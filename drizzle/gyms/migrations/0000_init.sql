-- The migrator creates the schema first, to hold its journal.
CREATE SCHEMA IF NOT EXISTS "gyms";
--> statement-breakpoint
CREATE TABLE "gyms"."grade_system" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(64) NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gyms"."grade" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grade_system_id" uuid NOT NULL,
	"value" varchar(32) NOT NULL,
	"difficulty_order" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grade_system_order_key" UNIQUE("grade_system_id","difficulty_order"),
	CONSTRAINT "grade_system_value_key" UNIQUE("grade_system_id","value")
);
--> statement-breakpoint
CREATE TABLE "gyms"."gym" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grade_system_id" uuid NOT NULL,
	"name" varchar(64) NOT NULL,
	"slug" varchar(64) NOT NULL,
	"address" varchar(128) NOT NULL,
	"city" varchar(128) NOT NULL,
	"country" varchar(64) NOT NULL,
	"latitude" numeric(9, 6) NOT NULL,
	"longitude" numeric(9, 6) NOT NULL,
	"phone" varchar(32),
	"email" varchar(255),
	"website" varchar(255),
	"description" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gym_latitude_range" CHECK ("gyms"."gym"."latitude" between -90 and 90),
	CONSTRAINT "gym_longitude_range" CHECK ("gyms"."gym"."longitude" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "gyms"."route" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"gym_id" uuid NOT NULL,
	"grade_id" uuid NOT NULL,
	"name" varchar(64),
	"colour" varchar(32) NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stripped_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gyms"."grade" ADD CONSTRAINT "grade_grade_system_id_grade_system_id_fk" FOREIGN KEY ("grade_system_id") REFERENCES "gyms"."grade_system"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gyms"."gym" ADD CONSTRAINT "gym_grade_system_id_grade_system_id_fk" FOREIGN KEY ("grade_system_id") REFERENCES "gyms"."grade_system"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gyms"."route" ADD CONSTRAINT "route_gym_id_gym_id_fk" FOREIGN KEY ("gym_id") REFERENCES "gyms"."gym"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gyms"."route" ADD CONSTRAINT "route_grade_id_grade_id_fk" FOREIGN KEY ("grade_id") REFERENCES "gyms"."grade"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "grade_system_name_key" ON "gyms"."grade_system" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "gym_slug_key" ON "gyms"."gym" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "gym_name_id_idx" ON "gyms"."gym" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "gym_city_idx" ON "gyms"."gym" USING btree (lower("city"));--> statement-breakpoint
CREATE INDEX "gym_country_idx" ON "gyms"."gym" USING btree (lower("country"));--> statement-breakpoint
CREATE INDEX "gym_grade_system_id_idx" ON "gyms"."gym" USING btree ("grade_system_id");--> statement-breakpoint
CREATE INDEX "route_gym_id_set_at_idx" ON "gyms"."route" USING btree ("gym_id","set_at","id");--> statement-breakpoint
CREATE INDEX "route_grade_id_idx" ON "gyms"."route" USING btree ("grade_id");