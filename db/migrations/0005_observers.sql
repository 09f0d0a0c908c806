CREATE TABLE "observer_agenda" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "observer_agenda_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"meeting_id" integer NOT NULL,
	"decision_id" integer,
	"title" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observer_applications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "observer_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"call_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"category" text NOT NULL,
	"features" jsonb NOT NULL,
	"full_name" text NOT NULL,
	"enterprise_name" text,
	"credit_code" text,
	"statement" text NOT NULL,
	"no_conflict" boolean NOT NULL,
	"consent_publish" boolean NOT NULL,
	"status" text DEFAULT 'applied' NOT NULL,
	"ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "observer_applications_status" CHECK ("observer_applications"."status" in ('applied','withdrawn','excluded'))
);
--> statement-breakpoint
CREATE TABLE "observer_calls" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "observer_calls_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"meeting_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"seats" integer NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"eligibility" text NOT NULL,
	"features" jsonb NOT NULL,
	"quotas" jsonb NOT NULL,
	"exclude_previous" boolean DEFAULT true NOT NULL,
	"confirm_days" integer DEFAULT 3 NOT NULL,
	"external_source" text,
	"status" text DEFAULT 'open' NOT NULL,
	"pool" jsonb,
	"pool_hash" text,
	"frozen_at" timestamp with time zone,
	"distribution" jsonb,
	"distribution_hash" text,
	"distributed_at" timestamp with time zone,
	"distribution_error" text,
	"external_value" text,
	"draw_export" jsonb,
	"seed" text,
	"drawn_at" timestamp with time zone,
	"cancel_reason" text,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observer_calls_status" CHECK ("observer_calls"."status" in ('open','frozen','distributed','drawn','cancelled')),
	CONSTRAINT "observer_calls_window" CHECK ("observer_calls"."closes_at" > "observer_calls"."opens_at")
);
--> statement-breakpoint
CREATE TABLE "observer_meetings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "observer_meetings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"seats" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observer_meetings_seats" CHECK ("observer_meetings"."seats" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "observer_remarks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "observer_remarks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"meeting_id" integer NOT NULL,
	"seat_id" integer NOT NULL,
	"decision_id" integer,
	"remark" text NOT NULL,
	"response" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observer_seats" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "observer_seats_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"call_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'offered' NOT NULL,
	"confirm_by" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"replaces_seat_id" integer,
	"attended" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observer_seats_status" CHECK ("observer_seats"."status" in ('offered','confirmed','declined','lapsed')),
	CONSTRAINT "observer_seats_source" CHECK ("observer_seats"."source" in ('draw','alternate'))
);
--> statement-breakpoint
CREATE TABLE "observer_witnesses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "observer_witnesses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"call_id" integer NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"commitment" text NOT NULL,
	"committed_at" timestamp with time zone NOT NULL,
	"secret" text,
	"revealed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "observer_agenda" ADD CONSTRAINT "observer_agenda_meeting_id_observer_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."observer_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observer_agenda" ADD CONSTRAINT "observer_agenda_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observer_applications" ADD CONSTRAINT "observer_applications_call_id_observer_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."observer_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observer_applications" ADD CONSTRAINT "observer_applications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observer_calls" ADD CONSTRAINT "observer_calls_meeting_id_observer_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."observer_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observer_calls" ADD CONSTRAINT "observer_calls_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observer_meetings" ADD CONSTRAINT "observer_meetings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observer_remarks" ADD CONSTRAINT "observer_remarks_meeting_id_observer_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."observer_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observer_remarks" ADD CONSTRAINT "observer_remarks_seat_id_observer_seats_id_fk" FOREIGN KEY ("seat_id") REFERENCES "public"."observer_seats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observer_remarks" ADD CONSTRAINT "observer_remarks_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observer_seats" ADD CONSTRAINT "observer_seats_call_id_observer_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."observer_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observer_seats" ADD CONSTRAINT "observer_seats_application_id_observer_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."observer_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observer_witnesses" ADD CONSTRAINT "observer_witnesses_call_id_observer_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."observer_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "observer_agenda_meeting_idx" ON "observer_agenda" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "observer_agenda_decision_idx" ON "observer_agenda" USING btree ("decision_id");--> statement-breakpoint
CREATE UNIQUE INDEX "observer_applications_call_user_key" ON "observer_applications" USING btree ("call_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "observer_applications_call_ref_key" ON "observer_applications" USING btree ("call_id","ref");--> statement-breakpoint
CREATE INDEX "observer_calls_meeting_idx" ON "observer_calls" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "observer_meetings_starts_idx" ON "observer_meetings" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "observer_remarks_meeting_idx" ON "observer_remarks" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "observer_remarks_decision_idx" ON "observer_remarks" USING btree ("decision_id");--> statement-breakpoint
CREATE UNIQUE INDEX "observer_seats_application_key" ON "observer_seats" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "observer_seats_call_idx" ON "observer_seats" USING btree ("call_id");--> statement-breakpoint
CREATE UNIQUE INDEX "observer_witnesses_call_name_key" ON "observer_witnesses" USING btree ("call_id","name");