CREATE TABLE "gyms"."route_setters" (
	"route_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "route_setters_pkey" PRIMARY KEY("route_id","user_id"),
	CONSTRAINT "route_setters_position_key" UNIQUE("route_id","position"),
	CONSTRAINT "route_setters_position_range" CHECK ("gyms"."route_setters"."position" between 0 and 4)
);
--> statement-breakpoint
ALTER TABLE "gyms"."route_setters" ADD CONSTRAINT "route_setters_route_id_route_id_fk" FOREIGN KEY ("route_id") REFERENCES "gyms"."route"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "route_setters_user_id_idx" ON "gyms"."route_setters" USING btree ("user_id");