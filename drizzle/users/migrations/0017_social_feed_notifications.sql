CREATE TYPE "users"."feed_item_kind" AS ENUM('SESSION_ENDED', 'HARDEST_SEND', 'FIRST_SEND_OF_GRADE', 'PROJECT_SENT', 'RATING_COMMENT');--> statement-breakpoint
CREATE TABLE "users"."comment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "users"."feed_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_id" uuid NOT NULL,
	"kind" "users"."feed_item_kind" NOT NULL,
	"session_id" uuid,
	"climb_id" uuid,
	"rating_id" uuid,
	"project_id" uuid,
	"route_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users"."follow_count" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"followers" integer DEFAULT 0 NOT NULL,
	"following" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "follow_count_not_negative" CHECK ("users"."follow_count"."followers" >= 0 and "users"."follow_count"."following" >= 0)
);
--> statement-breakpoint
CREATE TABLE "users"."kudos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"giver_id" uuid NOT NULL,
	"session_id" uuid,
	"climb_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kudos_one_subject" CHECK (("users"."kudos"."session_id" is null) <> ("users"."kudos"."climb_id" is null))
);
--> statement-breakpoint
CREATE TABLE "users"."notification_once" (
	"recipient_id" uuid NOT NULL,
	"key" varchar(200) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_once_recipient_id_key_pk" PRIMARY KEY("recipient_id","key")
);
--> statement-breakpoint
CREATE TABLE "users"."notification_watermark" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"read_at" timestamp (3) with time zone NOT NULL,
	"read_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users"."notification" ADD COLUMN "planned_strip_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "users"."preference" ADD COLUMN "muted_notification_kinds" "users"."notification_kind"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "users"."preference" ADD COLUMN "mailed_notification_kinds" "users"."notification_kind"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "users"."comment" ADD CONSTRAINT "comment_session_id_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "users"."session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."comment" ADD CONSTRAINT "comment_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."feed_item" ADD CONSTRAINT "feed_item_actor_id_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."feed_item" ADD CONSTRAINT "feed_item_session_id_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "users"."session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."feed_item" ADD CONSTRAINT "feed_item_climb_id_climb_id_fk" FOREIGN KEY ("climb_id") REFERENCES "users"."climb"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."feed_item" ADD CONSTRAINT "feed_item_rating_id_rating_id_fk" FOREIGN KEY ("rating_id") REFERENCES "users"."rating"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."feed_item" ADD CONSTRAINT "feed_item_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "users"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."follow_count" ADD CONSTRAINT "follow_count_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."kudos" ADD CONSTRAINT "kudos_giver_id_user_id_fk" FOREIGN KEY ("giver_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."kudos" ADD CONSTRAINT "kudos_session_id_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "users"."session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."kudos" ADD CONSTRAINT "kudos_climb_id_climb_id_fk" FOREIGN KEY ("climb_id") REFERENCES "users"."climb"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."notification_once" ADD CONSTRAINT "notification_once_recipient_id_user_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."notification_watermark" ADD CONSTRAINT "notification_watermark_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comment_session_id_created_at_idx" ON "users"."comment" USING btree ("session_id","created_at","id");--> statement-breakpoint
CREATE INDEX "comment_author_id_idx" ON "users"."comment" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "feed_item_actor_id_created_at_idx" ON "users"."feed_item" USING btree ("actor_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "feed_item_rating_id_key" ON "users"."feed_item" USING btree ("rating_id");--> statement-breakpoint
CREATE UNIQUE INDEX "feed_item_climb_id_kind_key" ON "users"."feed_item" USING btree ("climb_id","kind");--> statement-breakpoint
CREATE INDEX "feed_item_session_id_idx" ON "users"."feed_item" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "feed_item_project_id_idx" ON "users"."feed_item" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kudos_session_id_giver_id_key" ON "users"."kudos" USING btree ("session_id","giver_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kudos_climb_id_giver_id_key" ON "users"."kudos" USING btree ("climb_id","giver_id");--> statement-breakpoint
CREATE INDEX "kudos_giver_id_idx" ON "users"."kudos" USING btree ("giver_id");--> statement-breakpoint
CREATE INDEX "notification_once_created_at_idx" ON "users"."notification_once" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "block_blocker_id_created_at_idx" ON "users"."block" USING btree ("blocker_id","created_at" DESC NULLS LAST,"blocked_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notification_created_at_idx" ON "users"."notification" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "session_user_id_narrowed_idx" ON "users"."session" USING btree ("user_id","visibility") WHERE "users"."session"."visibility" is not null;--> statement-breakpoint
CREATE INDEX "user_username_prefix_idx" ON "users"."user" USING btree ((lower("username") collate "C"));