-- Logins made before device tracking become devices, so nobody is logged out by the upgrade.
-- Their absolute lifetime counts from now (90 days, the default).
INSERT INTO "users"."device" ("id", "user_id", "label", "created_at", "last_used_at", "expires_at")
SELECT "family_id", "user_id", 'Unknown client', min("created_at"), max("created_at"), now() + interval '90 days'
FROM "users"."refresh_token"
WHERE "revoked_at" IS NULL AND "expires_at" > now()
GROUP BY "family_id", "user_id"
ON CONFLICT ("id") DO NOTHING;
