CREATE TABLE "users"."rate_limit" (
	"key" varchar(320) PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"reset_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_limit_reset_at_idx" ON "users"."rate_limit" USING btree ("reset_at");