ALTER TABLE "consultation_comments" ADD COLUMN "bands" integer[];--> statement-breakpoint
CREATE INDEX "consultation_comments_bands_idx" ON "consultation_comments" USING gin ("bands");--> statement-breakpoint
CREATE INDEX "consultation_comments_normalized_idx" ON "consultation_comments" USING hash ("normalized");