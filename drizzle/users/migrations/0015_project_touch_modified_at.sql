-- A project's updatedAt (modified_at) is the database's to keep, as every other table's (0010).
CREATE TRIGGER "project_touch_modified_at" BEFORE UPDATE ON "users"."project" FOR EACH ROW EXECUTE FUNCTION "users"."touch_modified_at"();
