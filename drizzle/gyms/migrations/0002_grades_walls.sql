CREATE TYPE "gyms"."discipline" AS ENUM('BOULDER', 'ROPE');--> statement-breakpoint
CREATE TABLE "gyms"."wall" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"gym_id" uuid NOT NULL,
	"name" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wall_gym_id_id_key" UNIQUE("gym_id","id")
);
--> statement-breakpoint
ALTER TABLE "gyms"."grade_system" ADD COLUMN "discipline" "gyms"."discipline";--> statement-breakpoint
ALTER TABLE "gyms"."grade" ADD COLUMN "scale" integer;--> statement-breakpoint
-- Existing grade systems (hand-added below drizzle-kit's output): a system whose grades are all
-- values of one conversion chart, in the chart's order, takes that chart's discipline and scale
-- values (the seeded systems, and any a setter built from the same grades); any other system is
-- BOULDER with its grades one Font step (10) apart from Font 3 (100) upward, closer together past
-- 91 grades. The charts are the ones subgraphs/gyms/src/seed-grade-systems.ts seeds.
CREATE TEMPORARY TABLE "clmb_grade_chart" ("chart" integer, "discipline" "gyms"."discipline", "value" varchar(32), "scale" integer);--> statement-breakpoint
INSERT INTO "clmb_grade_chart" VALUES
  -- V-scale
  (0, 'BOULDER', 'VB', 100), (0, 'BOULDER', 'V0', 115), (0, 'BOULDER', 'V1', 130), (0, 'BOULDER', 'V2', 140), (0, 'BOULDER', 'V3', 155), (0, 'BOULDER', 'V4', 175), (0, 'BOULDER', 'V5', 195), (0, 'BOULDER', 'V6', 210), (0, 'BOULDER', 'V7', 220), (0, 'BOULDER', 'V8', 235), (0, 'BOULDER', 'V9', 250), (0, 'BOULDER', 'V10', 260), (0, 'BOULDER', 'V11', 270), (0, 'BOULDER', 'V12', 280), (0, 'BOULDER', 'V13', 290), (0, 'BOULDER', 'V14', 300), (0, 'BOULDER', 'V15', 310), (0, 'BOULDER', 'V16', 320), (0, 'BOULDER', 'V17', 330),
  -- Font
  (1, 'BOULDER', '3', 100), (1, 'BOULDER', '4', 110), (1, 'BOULDER', '4+', 120), (1, 'BOULDER', '5', 130), (1, 'BOULDER', '5+', 140), (1, 'BOULDER', '6A', 150), (1, 'BOULDER', '6A+', 160), (1, 'BOULDER', '6B', 170), (1, 'BOULDER', '6B+', 180), (1, 'BOULDER', '6C', 190), (1, 'BOULDER', '6C+', 200), (1, 'BOULDER', '7A', 210), (1, 'BOULDER', '7A+', 220), (1, 'BOULDER', '7B', 230), (1, 'BOULDER', '7B+', 240), (1, 'BOULDER', '7C', 250), (1, 'BOULDER', '7C+', 260), (1, 'BOULDER', '8A', 270), (1, 'BOULDER', '8A+', 280), (1, 'BOULDER', '8B', 290), (1, 'BOULDER', '8B+', 300), (1, 'BOULDER', '8C', 310), (1, 'BOULDER', '8C+', 320), (1, 'BOULDER', '9A', 330),
  -- YDS
  (2, 'ROPE', '5.5', 100), (2, 'ROPE', '5.6', 115), (2, 'ROPE', '5.7', 135), (2, 'ROPE', '5.8', 150), (2, 'ROPE', '5.9', 165), (2, 'ROPE', '5.10a', 180), (2, 'ROPE', '5.10b', 190), (2, 'ROPE', '5.10c', 200), (2, 'ROPE', '5.10d', 210), (2, 'ROPE', '5.11a', 220), (2, 'ROPE', '5.11b', 230), (2, 'ROPE', '5.11c', 240), (2, 'ROPE', '5.11d', 250), (2, 'ROPE', '5.12a', 260), (2, 'ROPE', '5.12b', 270), (2, 'ROPE', '5.12c', 280), (2, 'ROPE', '5.12d', 290), (2, 'ROPE', '5.13a', 300), (2, 'ROPE', '5.13b', 310), (2, 'ROPE', '5.13c', 320), (2, 'ROPE', '5.13d', 330), (2, 'ROPE', '5.14a', 340), (2, 'ROPE', '5.14b', 350), (2, 'ROPE', '5.14c', 360), (2, 'ROPE', '5.14d', 370), (2, 'ROPE', '5.15a', 380), (2, 'ROPE', '5.15b', 390), (2, 'ROPE', '5.15c', 400), (2, 'ROPE', '5.15d', 410),
  -- French
  (3, 'ROPE', '4a', 100), (3, 'ROPE', '4b', 115), (3, 'ROPE', '4c', 135), (3, 'ROPE', '5a', 150), (3, 'ROPE', '5b', 160), (3, 'ROPE', '5c', 170), (3, 'ROPE', '6a', 180), (3, 'ROPE', '6a+', 190), (3, 'ROPE', '6b', 200), (3, 'ROPE', '6b+', 210), (3, 'ROPE', '6c', 225), (3, 'ROPE', '6c+', 240), (3, 'ROPE', '7a', 250), (3, 'ROPE', '7a+', 260), (3, 'ROPE', '7b', 270), (3, 'ROPE', '7b+', 280), (3, 'ROPE', '7c', 290), (3, 'ROPE', '7c+', 300), (3, 'ROPE', '8a', 310), (3, 'ROPE', '8a+', 320), (3, 'ROPE', '8b', 330), (3, 'ROPE', '8b+', 340), (3, 'ROPE', '8c', 350), (3, 'ROPE', '8c+', 360), (3, 'ROPE', '9a', 370), (3, 'ROPE', '9a+', 380), (3, 'ROPE', '9b', 390), (3, 'ROPE', '9b+', 400), (3, 'ROPE', '9c', 410),
  -- UIAA
  (4, 'ROPE', 'IV', 100), (4, 'ROPE', 'IV+', 110), (4, 'ROPE', 'V-', 120), (4, 'ROPE', 'V', 130), (4, 'ROPE', 'V+', 140), (4, 'ROPE', 'VI-', 150), (4, 'ROPE', 'VI', 165), (4, 'ROPE', 'VI+', 180), (4, 'ROPE', 'VII-', 190), (4, 'ROPE', 'VII', 200), (4, 'ROPE', 'VII+', 215), (4, 'ROPE', 'VIII-', 230), (4, 'ROPE', 'VIII', 240), (4, 'ROPE', 'VIII+', 255), (4, 'ROPE', 'IX-', 270), (4, 'ROPE', 'IX', 280), (4, 'ROPE', 'IX+', 295), (4, 'ROPE', 'X-', 310), (4, 'ROPE', 'X', 320), (4, 'ROPE', 'X+', 335), (4, 'ROPE', 'XI-', 350), (4, 'ROPE', 'XI', 360), (4, 'ROPE', 'XI+', 375), (4, 'ROPE', 'XII-', 390), (4, 'ROPE', 'XII', 400), (4, 'ROPE', 'XII+', 410);--> statement-breakpoint
CREATE TEMPORARY TABLE "clmb_system_chart" AS
  SELECT DISTINCT ON (g."grade_system_id") g."grade_system_id", c."chart", c."discipline"
  FROM "gyms"."grade" g JOIN "clmb_grade_chart" c ON c."value" = g."value"
  GROUP BY g."grade_system_id", c."chart", c."discipline"
  HAVING count(*) = (SELECT count(*) FROM "gyms"."grade" a WHERE a."grade_system_id" = g."grade_system_id")
    AND array_agg(c."scale" ORDER BY g."difficulty_order") = array_agg(c."scale" ORDER BY c."scale")
  ORDER BY g."grade_system_id", c."chart";--> statement-breakpoint
UPDATE "gyms"."grade_system" s SET "discipline" = m."discipline" FROM "clmb_system_chart" m WHERE m."grade_system_id" = s."id";--> statement-breakpoint
UPDATE "gyms"."grade" g SET "scale" = c."scale"
  FROM "clmb_system_chart" m JOIN "clmb_grade_chart" c ON c."chart" = m."chart"
  WHERE m."grade_system_id" = g."grade_system_id" AND c."value" = g."value";--> statement-breakpoint
UPDATE "gyms"."grade_system" SET "discipline" = 'BOULDER' WHERE "discipline" IS NULL;--> statement-breakpoint
UPDATE "gyms"."grade" g SET "scale" = 100 + (r."rank" - 1) * least(10, 900 / greatest(r."size" - 1, 1))
  FROM (
    SELECT "id", row_number() OVER w AS "rank", count(*) OVER (PARTITION BY "grade_system_id") AS "size"
    FROM "gyms"."grade" WHERE "scale" IS NULL
    WINDOW w AS (PARTITION BY "grade_system_id" ORDER BY "difficulty_order")
  ) r
  WHERE r."id" = g."id";--> statement-breakpoint
DROP TABLE "clmb_system_chart";--> statement-breakpoint
DROP TABLE "clmb_grade_chart";--> statement-breakpoint
ALTER TABLE "gyms"."grade_system" ALTER COLUMN "discipline" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "gyms"."grade" ALTER COLUMN "scale" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "gyms"."route" ADD COLUMN "wall_id" uuid;--> statement-breakpoint
ALTER TABLE "gyms"."wall" ADD CONSTRAINT "wall_gym_id_gym_id_fk" FOREIGN KEY ("gym_id") REFERENCES "gyms"."gym"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "wall_gym_name_key" ON "gyms"."wall" USING btree ("gym_id",lower("name"));--> statement-breakpoint
ALTER TABLE "gyms"."route" ADD CONSTRAINT "route_wall_same_gym_fk" FOREIGN KEY ("gym_id","wall_id") REFERENCES "gyms"."wall"("gym_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "route_wall_id_set_at_idx" ON "gyms"."route" USING btree ("wall_id","set_at","id");--> statement-breakpoint
ALTER TABLE "gyms"."grade" ADD CONSTRAINT "grade_system_scale_key" UNIQUE("grade_system_id","scale");--> statement-breakpoint
ALTER TABLE "gyms"."grade" ADD CONSTRAINT "grade_scale_range" CHECK ("gyms"."grade"."scale" between 0 and 1000);