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
ALTER TABLE "users"."notification_once" ADD CONSTRAINT "notification_once_recipient_id_user_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."notification_watermark" ADD CONSTRAINT "notification_watermark_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_once_created_at_idx" ON "users"."notification_once" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "notification_created_at_idx" ON "users"."notification" USING btree ("created_at");