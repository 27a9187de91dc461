CREATE TYPE "gyms"."staff_invitation_status" AS ENUM('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED', 'EXPIRED');--> statement-breakpoint
CREATE TABLE "gyms"."gym_staff_invitation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"gym_id" uuid NOT NULL,
	"login" varchar(255) NOT NULL,
	"login_key" varchar(80) NOT NULL,
	"user_id" uuid,
	"role" "gyms"."staff_role" NOT NULL,
	"status" "gyms"."staff_invitation_status" DEFAULT 'PENDING' NOT NULL,
	"invited_by" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gyms"."gym_staff_invitation" ADD CONSTRAINT "gym_staff_invitation_gym_id_gym_id_fk" FOREIGN KEY ("gym_id") REFERENCES "gyms"."gym"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gym_staff_invitation_gym_id_created_at_idx" ON "gyms"."gym_staff_invitation" USING btree ("gym_id","created_at","id");--> statement-breakpoint
CREATE INDEX "gym_staff_invitation_user_id_created_at_idx" ON "gyms"."gym_staff_invitation" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "gym_staff_invitation_pending_key" ON "gyms"."gym_staff_invitation" USING btree ("gym_id","login_key") WHERE "gyms"."gym_staff_invitation"."status" = 'PENDING';