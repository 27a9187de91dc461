CREATE TYPE "users"."notification_kind" AS ENUM('NEW_FOLLOWER', 'FOLLOW_REQUEST', 'FOLLOW_ACCEPTED', 'KUDOS', 'COMMENT', 'PROJECT_COMING_DOWN', 'LEADERBOARD_PLACE_TAKEN');--> statement-breakpoint
CREATE TYPE "users"."visibility" AS ENUM('PUBLIC', 'FOLLOWERS', 'PRIVATE');--> statement-breakpoint
CREATE TABLE "users"."block" (
	"blocker_id" uuid NOT NULL,
	"blocked_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "block_blocker_id_blocked_id_pk" PRIMARY KEY("blocker_id","blocked_id"),
	CONSTRAINT "block_not_self" CHECK ("users"."block"."blocker_id" <> "users"."block"."blocked_id")
);
--> statement-breakpoint
CREATE TABLE "users"."follow_request" (
	"requester_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_request_requester_id_target_id_pk" PRIMARY KEY("requester_id","target_id"),
	CONSTRAINT "follow_request_not_self" CHECK ("users"."follow_request"."requester_id" <> "users"."follow_request"."target_id")
);
--> statement-breakpoint
CREATE TABLE "users"."follow" (
	"follower_id" uuid NOT NULL,
	"followee_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_follower_id_followee_id_pk" PRIMARY KEY("follower_id","followee_id"),
	CONSTRAINT "follow_not_self" CHECK ("users"."follow"."follower_id" <> "users"."follow"."followee_id")
);
--> statement-breakpoint
CREATE TABLE "users"."notification" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient_id" uuid NOT NULL,
	"kind" "users"."notification_kind" NOT NULL,
	"actor_id" uuid,
	"session_id" uuid,
	"climb_id" uuid,
	"route_id" uuid,
	"gym_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users"."climb" ADD COLUMN "visibility" "users"."visibility";--> statement-breakpoint
ALTER TABLE "users"."session" ADD COLUMN "visibility" "users"."visibility";--> statement-breakpoint
ALTER TABLE "users"."user" ADD COLUMN "visibility" "users"."visibility" DEFAULT 'FOLLOWERS' NOT NULL;--> statement-breakpoint
ALTER TABLE "users"."block" ADD CONSTRAINT "block_blocker_id_user_id_fk" FOREIGN KEY ("blocker_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."block" ADD CONSTRAINT "block_blocked_id_user_id_fk" FOREIGN KEY ("blocked_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."follow_request" ADD CONSTRAINT "follow_request_requester_id_user_id_fk" FOREIGN KEY ("requester_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."follow_request" ADD CONSTRAINT "follow_request_target_id_user_id_fk" FOREIGN KEY ("target_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."follow" ADD CONSTRAINT "follow_follower_id_user_id_fk" FOREIGN KEY ("follower_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."follow" ADD CONSTRAINT "follow_followee_id_user_id_fk" FOREIGN KEY ("followee_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."notification" ADD CONSTRAINT "notification_recipient_id_user_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."notification" ADD CONSTRAINT "notification_actor_id_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."notification" ADD CONSTRAINT "notification_session_id_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "users"."session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."notification" ADD CONSTRAINT "notification_climb_id_climb_id_fk" FOREIGN KEY ("climb_id") REFERENCES "users"."climb"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "block_blocked_id_idx" ON "users"."block" USING btree ("blocked_id","blocker_id");--> statement-breakpoint
CREATE INDEX "follow_request_target_id_created_at_idx" ON "users"."follow_request" USING btree ("target_id","created_at" DESC NULLS LAST,"requester_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "follow_followee_id_created_at_idx" ON "users"."follow" USING btree ("followee_id","created_at" DESC NULLS LAST,"follower_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "follow_follower_id_created_at_idx" ON "users"."follow" USING btree ("follower_id","created_at" DESC NULLS LAST,"followee_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notification_recipient_id_created_at_idx" ON "users"."notification" USING btree ("recipient_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);