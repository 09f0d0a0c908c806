ALTER TABLE "event_registrations" ADD COLUMN "seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "event_sessions" ADD COLUMN "accepted" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "event_no_show_lifts_user_idx" ON "event_no_show_lifts" USING btree ("user_id","lifted_at");--> statement-breakpoint
CREATE INDEX "event_registrations_order_idx" ON "event_registrations" USING btree ("session_id","seq");--> statement-breakpoint
CREATE INDEX "event_registrations_waiting_idx" ON "event_registrations" USING btree ("session_id","seats","seq") WHERE "event_registrations"."status" = 'waitlisted';--> statement-breakpoint
CREATE INDEX "event_theme_proposer_idx" ON "event_theme_proposals" USING btree ("proposer_id","year");