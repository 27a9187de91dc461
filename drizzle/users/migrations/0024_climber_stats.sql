CREATE TABLE "users"."climber_grade_month" (
	"user_id" uuid NOT NULL,
	"discipline" "users"."discipline" NOT NULL,
	"month" date NOT NULL,
	"grade_id" uuid NOT NULL,
	"grade_scale" integer NOT NULL,
	"narrowness" smallint NOT NULL,
	"climbs" integer DEFAULT 0 NOT NULL,
	"sends" integer DEFAULT 0 NOT NULL,
	"tries" integer DEFAULT 0 NOT NULL,
	"first_send_id" uuid,
	"first_send_start" timestamp with time zone,
	"first_send_created_at" timestamp with time zone,
	CONSTRAINT "climber_grade_month_user_id_discipline_month_grade_id_grade_scale_narrowness_pk" PRIMARY KEY("user_id","discipline","month","grade_id","grade_scale","narrowness")
);
--> statement-breakpoint
CREATE TABLE "users"."climber_month" (
	"user_id" uuid NOT NULL,
	"month" date NOT NULL,
	"narrowness" smallint NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"duration_ms" bigint DEFAULT 0 NOT NULL,
	"climbs" integer DEFAULT 0 NOT NULL,
	"sends" integer DEFAULT 0 NOT NULL,
	"flashes" integer DEFAULT 0 NOT NULL,
	"onsights" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "climber_month_user_id_month_narrowness_pk" PRIMARY KEY("user_id","month","narrowness")
);
--> statement-breakpoint
ALTER TABLE "users"."climber_grade_month" ADD CONSTRAINT "climber_grade_month_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."climber_month" ADD CONSTRAINT "climber_month_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE cascade ON UPDATE no action;