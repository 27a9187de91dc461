CREATE TABLE "users"."follow_count" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"followers" integer DEFAULT 0 NOT NULL,
	"following" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "follow_count_not_negative" CHECK ("users"."follow_count"."followers" >= 0 and "users"."follow_count"."following" >= 0)
);
--> statement-breakpoint
ALTER TABLE "users"."follow_count" ADD CONSTRAINT "follow_count_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "block_blocker_id_created_at_idx" ON "users"."block" USING btree ("blocker_id","created_at" DESC NULLS LAST,"blocked_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "user_username_prefix_idx" ON "users"."user" USING btree ((lower("username") collate "C"));