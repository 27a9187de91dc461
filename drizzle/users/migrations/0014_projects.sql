CREATE TABLE "users"."project" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"route_id" uuid NOT NULL,
	"note" text,
	"position" integer NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_position_positive" CHECK ("users"."project"."position" >= 1)
);
--> statement-breakpoint
ALTER TABLE "users"."project" ADD CONSTRAINT "project_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "project_user_id_route_id_key" ON "users"."project" USING btree ("user_id","route_id");--> statement-breakpoint
CREATE INDEX "project_user_id_position_idx" ON "users"."project" USING btree ("user_id","position");--> statement-breakpoint
CREATE INDEX "project_route_id_active_idx" ON "users"."project" USING btree ("route_id") WHERE "users"."project"."sent_at" is null;