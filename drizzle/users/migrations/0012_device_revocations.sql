CREATE TABLE "users"."device_revocation" (
	"device_id" uuid PRIMARY KEY NOT NULL,
	"revoked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "device_revocation_revoked_at_idx" ON "users"."device_revocation" USING btree ("revoked_at");