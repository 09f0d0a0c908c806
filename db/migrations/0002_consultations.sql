CREATE TYPE "public"."consultation_adoption" AS ENUM('adopted', 'partly', 'not_adopted', 'not_applicable');--> statement-breakpoint
CREATE TYPE "public"."consultation_comment_status" AS ENUM('pending', 'published', 'rejected', 'abusive');--> statement-breakpoint
CREATE TYPE "public"."consultation_event_kind" AS ENUM('published', 'extended', 'report_published');--> statement-breakpoint
CREATE TABLE "consultation_articles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_articles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"position" integer NOT NULL,
	"section" text,
	"label" text NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultation_attachments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_attachments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultation_comments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_comments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"article_id" integer,
	"user_id" integer NOT NULL,
	"reference" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"body" text NOT NULL,
	"show_name" boolean DEFAULT false NOT NULL,
	"author_name" text NOT NULL,
	"attachment_name" text,
	"attachment_type" text,
	"attachment_content" text,
	"group_id" integer,
	"normalized" text NOT NULL,
	"status" "consultation_comment_status" DEFAULT 'pending' NOT NULL,
	"moderation_reason" text,
	"moderated_by" integer,
	"moderated_at" timestamp with time zone,
	"adoption" "consultation_adoption",
	"adoption_reason" text,
	"answer" text,
	"theme" text,
	"answered_at" timestamp with time zone,
	"ip" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "consultation_comments_not_adopted_reason" CHECK ("consultation_comments"."adoption" is distinct from 'not_adopted' or coalesce("consultation_comments"."adoption_reason", '') <> '')
);
--> statement-breakpoint
CREATE TABLE "consultation_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"kind" "consultation_event_kind" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"previous_closes_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "consultation_follows" (
	"consultation_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultation_follows_consultation_id_user_id_pk" PRIMARY KEY("consultation_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "consultations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"decision_id" integer,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"draft_text" text DEFAULT '' NOT NULL,
	"explanation" text DEFAULT '' NOT NULL,
	"interpretation" text DEFAULT '' NOT NULL,
	"other_ways" text DEFAULT '' NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"announced_closes_at" timestamp with time zone,
	"short_reason" text,
	"published_at" timestamp with time zone,
	"report_summary" text,
	"report_data" jsonb,
	"report_published_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultations_period" CHECK ("consultations"."closes_at" > "consultations"."opens_at"),
	CONSTRAINT "consultations_never_shortened" CHECK ("consultations"."announced_closes_at" is null or "consultations"."closes_at" >= "consultations"."announced_closes_at")
);
--> statement-breakpoint
ALTER TABLE "consultation_articles" ADD CONSTRAINT "consultation_articles_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_attachments" ADD CONSTRAINT "consultation_attachments_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_article_id_consultation_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."consultation_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_events" ADD CONSTRAINT "consultation_events_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_follows" ADD CONSTRAINT "consultation_follows_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_follows" ADD CONSTRAINT "consultation_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_articles_pos_key" ON "consultation_articles" USING btree ("consultation_id","position");--> statement-breakpoint
CREATE INDEX "consultation_attachments_c_idx" ON "consultation_attachments" USING btree ("consultation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_comments_reference_key" ON "consultation_comments" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_comments_idem_key" ON "consultation_comments" USING btree ("user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "consultation_comments_c_idx" ON "consultation_comments" USING btree ("consultation_id","status");--> statement-breakpoint
CREATE INDEX "consultation_comments_group_idx" ON "consultation_comments" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "consultation_events_c_idx" ON "consultation_events" USING btree ("consultation_id");--> statement-breakpoint
CREATE INDEX "consultations_unit_idx" ON "consultations" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "consultations_decision_idx" ON "consultations" USING btree ("decision_id");