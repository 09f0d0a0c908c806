CREATE TYPE "public"."holiday_schedule_source" AS ENUM('chinese-days', 'admin');--> statement-breakpoint
CREATE TABLE "holiday_schedules" (
	"year" integer PRIMARY KEY NOT NULL,
	"off_days" text[] NOT NULL,
	"workdays" text[] NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"source" "holiday_schedule_source" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "holiday_schedules_year" CHECK ("holiday_schedules"."year" between 2000 and 2100)
);
--> statement-breakpoint
ALTER TABLE "holiday_schedules" ADD CONSTRAINT "holiday_schedules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;