ALTER TABLE "users"."rating" ALTER COLUMN "created_at" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "users"."rating" ALTER COLUMN "created_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "users"."session" ALTER COLUMN "start_time" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "users"."session" ALTER COLUMN "start_time" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "users"."session" ALTER COLUMN "end_time" SET DATA TYPE timestamp (3) with time zone;