CREATE TABLE "users"."leaderboard_route" (
	"gym_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"route_id" uuid NOT NULL,
	"narrowing" "users"."visibility" NOT NULL,
	"best_scale" integer NOT NULL,
	"first_try" boolean NOT NULL,
	"sends" integer NOT NULL,
	CONSTRAINT "leaderboard_route_gym_id_user_id_route_id_narrowing_pk" PRIMARY KEY("gym_id","user_id","route_id","narrowing")
);
--> statement-breakpoint
CREATE TABLE "users"."leaderboard_score" (
	"gym_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"points" integer NOT NULL,
	"sends" integer NOT NULL,
	CONSTRAINT "leaderboard_score_gym_id_user_id_pk" PRIMARY KEY("gym_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "users"."route_ascent_count" (
	"route_id" uuid PRIMARY KEY NOT NULL,
	"climbers" integer NOT NULL,
	"senders" integer NOT NULL,
	"flashers" integer NOT NULL,
	"attempts_to_send" integer NOT NULL,
	"private_climbers" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users"."route_ascent" (
	"route_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"climbs" integer NOT NULL,
	"attempts" integer NOT NULL,
	"sent" boolean NOT NULL,
	"flashed" boolean NOT NULL,
	"attempts_to_send" integer,
	"public_climbs" integer NOT NULL,
	"first_at" timestamp with time zone,
	"last_at" timestamp with time zone,
	CONSTRAINT "route_ascent_route_id_user_id_pk" PRIMARY KEY("route_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "users"."route_rating_count" (
	"route_id" uuid PRIMARY KEY NOT NULL,
	"raters" integer NOT NULL,
	"stars" integer NOT NULL,
	"private_raters" integer NOT NULL
);
--> statement-breakpoint
DROP INDEX "users"."session_gym_id_idx";--> statement-breakpoint
ALTER TABLE "users"."leaderboard_route" ADD CONSTRAINT "leaderboard_route_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."leaderboard_score" ADD CONSTRAINT "leaderboard_score_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."route_ascent" ADD CONSTRAINT "route_ascent_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leaderboard_score_board_idx" ON "users"."leaderboard_score" USING btree ("gym_id","points" DESC NULLS LAST,"sends" DESC NULLS LAST,"user_id");--> statement-breakpoint
CREATE INDEX "leaderboard_score_user_id_idx" ON "users"."leaderboard_score" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "route_ascent_route_id_last_at_idx" ON "users"."route_ascent" USING btree ("route_id","last_at");--> statement-breakpoint
CREATE INDEX "route_ascent_user_id_idx" ON "users"."route_ascent" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "session_gym_id_start_time_idx" ON "users"."session" USING btree ("gym_id","start_time");