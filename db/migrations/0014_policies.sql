CREATE TYPE "public"."policy_interpretation_kind" AS ENUM('initial', 'follow_up');--> statement-breakpoint
CREATE TYPE "public"."policy_change" AS ENUM('in_force', 'amended', 'repealed', 'lapsed');--> statement-breakpoint
CREATE TYPE "public"."policy_kind" AS ENUM('normative', 'other');--> statement-breakpoint
CREATE TYPE "public"."policy_question_status" AS ENUM('pending', 'published', 'refused');--> statement-breakpoint
CREATE TABLE "policies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "policies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"kind" "policy_kind" NOT NULL,
	"title" text NOT NULL,
	"doc_number" text DEFAULT '' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"title_en" text,
	"body_en" text,
	"issued_on" date,
	"effective_on" date,
	"valid_until" date,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"audiences" text[] DEFAULT '{}'::text[] NOT NULL,
	"services" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decision_id" integer,
	"change" "policy_change" DEFAULT 'in_force' NOT NULL,
	"successor_id" integer,
	"changed_on" date,
	"change_note" text,
	"published_at" timestamp with time zone,
	"published_by" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_text" text GENERATED ALWAYS AS (title || ' ' || doc_number || ' ' || summary || ' ' || body || ' ' || coalesce(title_en, '')) STORED,
	CONSTRAINT "policies_successor" CHECK ("policies"."change" <> 'amended' or "policies"."successor_id" is not null),
	CONSTRAINT "policies_validity_order" CHECK ("policies"."valid_until" is null or "policies"."effective_on" is null or "policies"."valid_until" >= "policies"."effective_on")
);
--> statement-breakpoint
CREATE TABLE "policy_faqs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "policy_faqs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"policy_id" integer NOT NULL,
	"question_id" integer,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_interpretations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "policy_interpretations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"policy_id" integer NOT NULL,
	"kind" "policy_interpretation_kind" NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"published_on" date NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_questions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "policy_questions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"policy_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"reference" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"body" text NOT NULL,
	"show_name" boolean DEFAULT false NOT NULL,
	"author_name" text NOT NULL,
	"status" "policy_question_status" DEFAULT 'pending' NOT NULL,
	"refusal_reason" text,
	"moderated_by" integer,
	"moderated_at" timestamp with time zone,
	"answer" text,
	"answered_by" integer,
	"answered_at" timestamp with time zone,
	"asked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "policy_questions_refusal_reason" CHECK ("policy_questions"."status" <> 'refused' or coalesce("policy_questions"."refusal_reason", '') <> '')
);
--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_successor_id_policies_id_fk" FOREIGN KEY ("successor_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_faqs" ADD CONSTRAINT "policy_faqs_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_faqs" ADD CONSTRAINT "policy_faqs_question_id_policy_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."policy_questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_interpretations" ADD CONSTRAINT "policy_interpretations_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_interpretations" ADD CONSTRAINT "policy_interpretations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_questions" ADD CONSTRAINT "policy_questions_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_questions" ADD CONSTRAINT "policy_questions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_questions" ADD CONSTRAINT "policy_questions_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_questions" ADD CONSTRAINT "policy_questions_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "policies_unit_idx" ON "policies" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "policies_published_idx" ON "policies" USING btree ("published_at");--> statement-breakpoint
CREATE INDEX "policies_topics_idx" ON "policies" USING gin ("topics");--> statement-breakpoint
CREATE INDEX "policies_audiences_idx" ON "policies" USING gin ("audiences");--> statement-breakpoint
CREATE INDEX "policies_decision_idx" ON "policies" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "policy_faqs_policy_idx" ON "policy_faqs" USING btree ("policy_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_faqs_question_key" ON "policy_faqs" USING btree ("question_id");--> statement-breakpoint
CREATE INDEX "policy_interpretations_policy_idx" ON "policy_interpretations" USING btree ("policy_id","published_on");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_questions_reference_key" ON "policy_questions" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_questions_idem_key" ON "policy_questions" USING btree ("user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "policy_questions_policy_idx" ON "policy_questions" USING btree ("policy_id","status");