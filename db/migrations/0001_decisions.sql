CREATE TYPE "public"."catalogue_change_kind" AS ENUM('added', 'changed', 'withdrawn', 'reordered');--> statement-breakpoint
CREATE TYPE "public"."decision_status" AS ENUM('planned', 'in_progress', 'decided', 'implementing', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."decision_stage_kind" AS ENUM('draft', 'consultation', 'hearing', 'participation', 'expert_review', 'risk_assessment', 'legality_review', 'deliberation', 'result', 'implementation', 'other');--> statement-breakpoint
CREATE TYPE "public"."decision_stage_state" AS ENUM('not_started', 'in_progress', 'completed', 'not_applicable');--> statement-breakpoint
CREATE TABLE "decision_catalogue_changes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "decision_catalogue_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"catalogue_id" integer NOT NULL,
	"decision_id" integer,
	"kind" "catalogue_change_kind" NOT NULL,
	"description" text NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" integer
);
--> statement-breakpoint
CREATE TABLE "decision_catalogues" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "decision_catalogues_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"year" integer NOT NULL,
	"note" text,
	"published_at" timestamp with time zone,
	"published_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decision_catalogues_year" CHECK ("decision_catalogues"."year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE TABLE "decision_files" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "decision_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"filename" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_follows" (
	"user_id" integer NOT NULL,
	"decision_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decision_follows_user_id_decision_id_pk" PRIMARY KEY("user_id","decision_id")
);
--> statement-breakpoint
CREATE TABLE "decision_milestones" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "decision_milestones_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"decision_id" integer NOT NULL,
	"stage_kind" "decision_stage_kind",
	"happened_on" date NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link_path" text,
	"published_at" timestamp with time zone NOT NULL,
	"created_by" integer
);
--> statement-breakpoint
CREATE TABLE "decision_stages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "decision_stages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"decision_id" integer NOT NULL,
	"kind" "decision_stage_kind" NOT NULL,
	"state" "decision_stage_state" DEFAULT 'not_started' NOT NULL,
	"reason" text,
	"planned_start_on" date,
	"planned_end_on" date,
	"started_on" date,
	"completed_on" date,
	"hearing_on" date,
	"materials_sent_on" date,
	"link_path" text,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decision_stages_reason" CHECK ("decision_stages"."state" <> 'not_applicable' or coalesce("decision_stages"."reason", '') <> ''),
	CONSTRAINT "decision_stages_link_path" CHECK ("decision_stages"."link_path" is null or ("decision_stages"."link_path" like '/%' and "decision_stages"."link_path" not like '//%'))
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"catalogue_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"year" integer NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"legal_basis" text DEFAULT '' NOT NULL,
	"planned_schedule" text DEFAULT '' NOT NULL,
	"planned_decision_on" date,
	"status" "decision_status" DEFAULT 'planned' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"decided_on" date,
	"withdrawn_reason" text,
	"announced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_stage_documents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "decision_stage_documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"stage_id" integer NOT NULL,
	"decision_id" integer NOT NULL,
	"title" text NOT NULL,
	"document_on" date NOT NULL,
	"url" text,
	"file_id" integer,
	"size" integer,
	"mime_type" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decision_stage_documents_source" CHECK (("decision_stage_documents"."url" is null) <> ("decision_stage_documents"."file_id" is null))
);
--> statement-breakpoint
CREATE TABLE "decision_tag_subscriptions" (
	"user_id" integer NOT NULL,
	"tag" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decision_tag_subscriptions_user_id_tag_pk" PRIMARY KEY("user_id","tag")
);
--> statement-breakpoint
ALTER TABLE "decision_catalogue_changes" ADD CONSTRAINT "decision_catalogue_changes_catalogue_id_decision_catalogues_id_fk" FOREIGN KEY ("catalogue_id") REFERENCES "public"."decision_catalogues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_catalogue_changes" ADD CONSTRAINT "decision_catalogue_changes_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_catalogue_changes" ADD CONSTRAINT "decision_catalogue_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_catalogues" ADD CONSTRAINT "decision_catalogues_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_catalogues" ADD CONSTRAINT "decision_catalogues_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_follows" ADD CONSTRAINT "decision_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_follows" ADD CONSTRAINT "decision_follows_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_milestones" ADD CONSTRAINT "decision_milestones_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_milestones" ADD CONSTRAINT "decision_milestones_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_stages" ADD CONSTRAINT "decision_stages_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_catalogue_id_decision_catalogues_id_fk" FOREIGN KEY ("catalogue_id") REFERENCES "public"."decision_catalogues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_stage_documents" ADD CONSTRAINT "decision_stage_documents_stage_id_decision_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."decision_stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_stage_documents" ADD CONSTRAINT "decision_stage_documents_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_stage_documents" ADD CONSTRAINT "decision_stage_documents_file_id_decision_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."decision_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_stage_documents" ADD CONSTRAINT "decision_stage_documents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_tag_subscriptions" ADD CONSTRAINT "decision_tag_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decision_catalogue_changes_catalogue_idx" ON "decision_catalogue_changes" USING btree ("catalogue_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "decision_catalogues_unit_year_key" ON "decision_catalogues" USING btree ("unit_id","year");--> statement-breakpoint
CREATE INDEX "decision_catalogues_year_idx" ON "decision_catalogues" USING btree ("year");--> statement-breakpoint
CREATE INDEX "decision_follows_decision_idx" ON "decision_follows" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "decision_milestones_decision_idx" ON "decision_milestones" USING btree ("decision_id","published_at");--> statement-breakpoint
CREATE INDEX "decision_milestones_published_idx" ON "decision_milestones" USING btree ("published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "decision_stages_decision_kind_key" ON "decision_stages" USING btree ("decision_id","kind");--> statement-breakpoint
CREATE INDEX "decisions_catalogue_idx" ON "decisions" USING btree ("catalogue_id","position");--> statement-breakpoint
CREATE INDEX "decisions_year_unit_idx" ON "decisions" USING btree ("year","unit_id");--> statement-breakpoint
CREATE INDEX "decisions_tags_idx" ON "decisions" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "decision_stage_documents_stage_idx" ON "decision_stage_documents" USING btree ("stage_id");--> statement-breakpoint
CREATE INDEX "decision_stage_documents_decision_idx" ON "decision_stage_documents" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "decision_tag_subscriptions_tag_idx" ON "decision_tag_subscriptions" USING btree ("tag");