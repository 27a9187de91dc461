CREATE TYPE "gyms"."staff_role" AS ENUM('OWNER', 'HEAD_SETTER', 'SETTER');--> statement-breakpoint
CREATE TABLE "gyms"."gym_staff" (
	"gym_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "gyms"."staff_role" NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gym_staff_pkey" PRIMARY KEY("gym_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "gyms"."gym_staff" ADD CONSTRAINT "gym_staff_gym_id_gym_id_fk" FOREIGN KEY ("gym_id") REFERENCES "gyms"."gym"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gym_staff_user_id_idx" ON "gyms"."gym_staff" USING btree ("user_id");