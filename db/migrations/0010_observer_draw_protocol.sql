ALTER TABLE "observer_calls" ADD COLUMN "external_publishes_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "observer_calls" ADD COLUMN "external_recorded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "observer_calls" ADD COLUMN "drawn_by" integer;--> statement-breakpoint
ALTER TABLE "observer_calls" ADD CONSTRAINT "observer_calls_drawn_by_users_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;