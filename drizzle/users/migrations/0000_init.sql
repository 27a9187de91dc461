-- The migrator creates the schema first, to hold its journal.
CREATE SCHEMA IF NOT EXISTS "users";
--> statement-breakpoint
CREATE TYPE "users"."ascent_style" AS ENUM('FLASH', 'ONSIGHT', 'REDPOINT', 'REPEAT', 'ATTEMPT');--> statement-breakpoint
CREATE TYPE "users"."energy" AS ENUM('EXHAUSTED', 'TIRED', 'AVERAGE', 'ENERGETIC', 'PUMPED');--> statement-breakpoint
CREATE TYPE "users"."mood" AS ENUM('TERRIBLE', 'BAD', 'OKAY', 'GOOD', 'EXCELLENT');--> statement-breakpoint
CREATE TYPE "users"."role" AS ENUM('CLIMBER', 'SETTER', 'ADMIN');--> statement-breakpoint
CREATE TABLE "users"."climb" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"route_id" uuid NOT NULL,
	"attempts" integer NOT NULL,
	"sent" boolean NOT NULL,
	"style" "users"."ascent_style",
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "climb_attempts_positive" CHECK ("users"."climb"."attempts" >= 1)
);
--> statement-breakpoint
CREATE TABLE "users"."refresh_token" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users"."session" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"gym_id" uuid NOT NULL,
	"name" varchar(64),
	"start_time" timestamp with time zone DEFAULT now() NOT NULL,
	"end_time" timestamp with time zone,
	"notes" text,
	"mood" "users"."mood",
	"energy" "users"."energy",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_end_after_start" CHECK ("users"."session"."end_time" is null or "users"."session"."end_time" >= "users"."session"."start_time")
);
--> statement-breakpoint
CREATE TABLE "users"."user" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" varchar(255) NOT NULL,
	"username" varchar(64) NOT NULL,
	"first_name" varchar(64),
	"last_name" varchar(128),
	"password_hash" varchar(255),
	"google_id" varchar(255),
	"role" "users"."role" DEFAULT 'CLIMBER' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users"."climb" ADD CONSTRAINT "climb_session_id_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "users"."session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."refresh_token" ADD CONSTRAINT "refresh_token_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."session" ADD CONSTRAINT "session_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "climb_session_id_created_at_idx" ON "users"."climb" USING btree ("session_id","created_at","id");--> statement-breakpoint
CREATE INDEX "climb_route_id_idx" ON "users"."climb" USING btree ("route_id");--> statement-breakpoint
CREATE UNIQUE INDEX "refresh_token_token_hash_key" ON "users"."refresh_token" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "refresh_token_user_id_idx" ON "users"."refresh_token" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "refresh_token_family_id_idx" ON "users"."refresh_token" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "session_user_id_start_time_idx" ON "users"."session" USING btree ("user_id","start_time" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "session_gym_id_idx" ON "users"."session" USING btree ("gym_id");--> statement-breakpoint
CREATE UNIQUE INDEX "user_email_key" ON "users"."user" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "user_username_key" ON "users"."user" USING btree (lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "user_google_id_key" ON "users"."user" USING btree ("google_id");