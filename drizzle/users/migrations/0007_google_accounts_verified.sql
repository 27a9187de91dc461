-- Accounts linked to Google were linked or created by an email Google had verified.
UPDATE "users"."user" SET "email_verified" = true WHERE "google_id" IS NOT NULL;
