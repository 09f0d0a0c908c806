CREATE TYPE "public"."request_applicant_type" AS ENUM('natural_person', 'commercial', 'research', 'public_interest', 'legal_services', 'other_org');--> statement-breakpoint
CREATE TYPE "public"."request_remedy_kind" AS ENUM('reconsideration', 'litigation', 'litigation_after_reconsideration');--> statement-breakpoint
CREATE TYPE "public"."request_remedy_outcome" AS ENUM('pending', 'upheld', 'corrected', 'other');--> statement-breakpoint
CREATE TYPE "public"."request_channel" AS ENUM('online', 'letter', 'in_person', 'fax');--> statement-breakpoint
CREATE TYPE "public"."request_delivery" AS ENUM('post', 'email', 'pickup', 'online');--> statement-breakpoint
CREATE TYPE "public"."request_form" AS ENUM('paper', 'electronic');--> statement-breakpoint
CREATE TYPE "public"."request_status" AS ENUM('received', 'correction', 'consulting', 'replied', 'withdrawn', 'closed');--> statement-breakpoint
CREATE TABLE "information_request_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "information_request_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"on" date NOT NULL,
	"actor_id" integer,
	"kind" text NOT NULL,
	"note" text,
	"letter" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"visible_to_applicant" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "information_request_remedies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "information_request_remedies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"kind" "request_remedy_kind" NOT NULL,
	"filed_on" date NOT NULL,
	"outcome" "request_remedy_outcome" DEFAULT 'pending' NOT NULL,
	"decided_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "information_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "information_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tracking_no" text NOT NULL,
	"unit_id" integer NOT NULL,
	"applicant_user_id" integer,
	"applicant_type" "request_applicant_type" NOT NULL,
	"applicant_name" text NOT NULL,
	"contact_email" text,
	"contact_phone" text,
	"contact_address" text,
	"description" text NOT NULL,
	"preferred_form" "request_form" NOT NULL,
	"delivery" "request_delivery" NOT NULL,
	"channel" "request_channel" NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"received_on" date NOT NULL,
	"status" "request_status" DEFAULT 'received' NOT NULL,
	"clock_start_on" date NOT NULL,
	"correction_due_on" date,
	"correction_asked_on" date,
	"consult_started_on" date,
	"consult_due_on" date,
	"paused_days" integer DEFAULT 0 NOT NULL,
	"extension_days" integer DEFAULT 0 NOT NULL,
	"due_on" date,
	"replied_on" date,
	"outcome" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "information_requests_tracking_no_unique" UNIQUE("tracking_no"),
	CONSTRAINT "information_requests_extension" CHECK ("information_requests"."extension_days" between 0 and 20),
	CONSTRAINT "information_requests_paused" CHECK ("information_requests"."paused_days" >= 0)
);
--> statement-breakpoint
ALTER TABLE "information_request_events" ADD CONSTRAINT "information_request_events_request_id_information_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."information_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_request_events" ADD CONSTRAINT "information_request_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_request_remedies" ADD CONSTRAINT "information_request_remedies_request_id_information_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."information_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_requests" ADD CONSTRAINT "information_requests_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_requests" ADD CONSTRAINT "information_requests_applicant_user_id_users_id_fk" FOREIGN KEY ("applicant_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "information_request_events_request_idx" ON "information_request_events" USING btree ("request_id","id");--> statement-breakpoint
CREATE INDEX "information_request_remedies_request_idx" ON "information_request_remedies" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "information_requests_unit_due_idx" ON "information_requests" USING btree ("unit_id","due_on");--> statement-breakpoint
CREATE INDEX "information_requests_applicant_idx" ON "information_requests" USING btree ("applicant_user_id");