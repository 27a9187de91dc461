-- follow_count is the database's to keep: every insert and delete of a follow moves both climbers'
-- counts in its own transaction, whichever path wrote (follow, acceptFollow, block, unfollow,
-- removeFollower, and the cascade of a deleted account). A delete only decrements: a count row
-- always exists for a follow that existed, and a deleted account's own row must not come back.
CREATE FUNCTION "users"."follow_count_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "users"."follow_count" ("user_id", "followers") VALUES (NEW."followee_id", 1)
    ON CONFLICT ("user_id") DO UPDATE SET "followers" = "follow_count"."followers" + 1;
  INSERT INTO "users"."follow_count" ("user_id", "following") VALUES (NEW."follower_id", 1)
    ON CONFLICT ("user_id") DO UPDATE SET "following" = "follow_count"."following" + 1;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION "users"."follow_count_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "users"."follow_count" SET "followers" = "followers" - 1 WHERE "user_id" = OLD."followee_id";
  UPDATE "users"."follow_count" SET "following" = "following" - 1 WHERE "user_id" = OLD."follower_id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "follow_count_insert" AFTER INSERT ON "users"."follow" FOR EACH ROW EXECUTE FUNCTION "users"."follow_count_on_insert"();--> statement-breakpoint
CREATE TRIGGER "follow_count_delete" AFTER DELETE ON "users"."follow" FOR EACH ROW EXECUTE FUNCTION "users"."follow_count_on_delete"();--> statement-breakpoint
-- Follows written before the counts.
INSERT INTO "users"."follow_count" ("user_id", "followers", "following")
SELECT "id",
       (SELECT count(*) FROM "users"."follow" WHERE "followee_id" = "user"."id"),
       (SELECT count(*) FROM "users"."follow" WHERE "follower_id" = "user"."id")
FROM "users"."user"
WHERE EXISTS (SELECT 1 FROM "users"."follow" WHERE "followee_id" = "user"."id" OR "follower_id" = "user"."id");
