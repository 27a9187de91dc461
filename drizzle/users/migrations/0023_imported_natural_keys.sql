ALTER TABLE "users"."climb" ADD COLUMN "imported" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users"."session" ADD COLUMN "imported" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "climb_imported_key_idx" ON "users"."climb" USING btree ("session_id","route_id","created_at") WHERE "users"."climb"."imported";--> statement-breakpoint
CREATE UNIQUE INDEX "session_imported_key_idx" ON "users"."session" USING btree ("user_id","gym_id","start_time") WHERE "users"."session"."imported";