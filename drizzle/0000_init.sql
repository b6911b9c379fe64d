CREATE TYPE "public"."outbox_channel" AS ENUM('mail', 'webhook');--> statement-breakpoint
CREATE TYPE "public"."outbox_state" AS ENUM('pending', 'sent', 'dead');--> statement-breakpoint
CREATE TYPE "public"."document_kind" AS ENUM('agent_permission', 'power_of_attorney');--> statement-breakpoint
CREATE TYPE "public"."actor_type" AS ENUM('requester', 'staff', 'controller', 'data_system', 'system');--> statement-breakpoint
CREATE TYPE "public"."access_scope" AS ENUM('categories', 'specific_pieces');--> statement-breakpoint
CREATE TYPE "public"."age_band" AS ENUM('under_13', '13_15', '16_17', 'adult');--> statement-breakpoint
CREATE TYPE "public"."agent_authority" AS ENUM('signed_permission', 'power_of_attorney');--> statement-breakpoint
CREATE TYPE "public"."intake_channel" AS ENUM('api', 'web_form', 'mail', 'phone', 'email', 'internal');--> statement-breakpoint
CREATE TYPE "public"."jurisdiction" AS ENUM('US-CA', 'US-VA', 'US-CO', 'US-CT', 'US-UT', 'US-TX', 'US-OR', 'US-MT', 'US-IA', 'US-DE', 'US-NJ', 'US-NH', 'US-NE', 'US-TN', 'US-MN', 'US-MD', 'US-IN', 'US-KY', 'US-RI', 'EU', 'GB', 'other');--> statement-breakpoint
CREATE TYPE "public"."opt_out_scope" AS ENUM('sale', 'sharing', 'targeted_advertising', 'profiling');--> statement-breakpoint
CREATE TYPE "public"."request_flag" AS ENUM('agent', 'parent', 'minor', 'minor_consent_required', 'minor_data_deletion');--> statement-breakpoint
CREATE TYPE "public"."request_kind" AS ENUM('access', 'portability', 'correction', 'deletion', 'opt_out', 'limit_sensitive');--> statement-breakpoint
CREATE TYPE "public"."request_status" AS ENUM('received', 'verifying', 'in_review', 'awaiting_controller', 'fulfilling', 'completed', 'denied', 'withdrawn', 'appeal_received', 'appeal_decided');--> statement-breakpoint
CREATE TYPE "public"."submitter_role" AS ENUM('self', 'authorized_agent', 'parent');--> statement-breakpoint
CREATE TYPE "public"."verification_level" AS ENUM('none', 'email', 'basic', 'high');--> statement-breakpoint
CREATE TYPE "public"."data_point_kind" AS ENUM('phone', 'account_id', 'postal_code', 'card_last4', 'date_of_birth');--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"body_hash" text NOT NULL,
	"request_id" uuid NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"idempotency_key" text NOT NULL,
	"channel" "outbox_channel" NOT NULL,
	"template" text NOT NULL,
	"recipient" text NOT NULL,
	"payload" jsonb NOT NULL,
	"request_id" uuid,
	"state" "outbox_state" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_documents" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"request_id" uuid NOT NULL,
	"kind" "document_kind" NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"request_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"from_status" "request_status",
	"to_status" "request_status",
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tracking_number" text NOT NULL,
	"kind" "request_kind" NOT NULL,
	"status" "request_status" NOT NULL,
	"jurisdiction" "jurisdiction" NOT NULL,
	"age_band" "age_band",
	"channel" "intake_channel" NOT NULL,
	"subject_name" text NOT NULL,
	"subject_email" text NOT NULL,
	"subject_phone" text,
	"subject_account_id" text,
	"submitter_role" "submitter_role" NOT NULL,
	"submitter_name" text,
	"submitter_email" text,
	"submitter_organisation" text,
	"agent_authority" "agent_authority",
	"access_scope" "access_scope",
	"verification_level" "verification_level" NOT NULL,
	"verification_basis" text NOT NULL,
	"flags" "request_flag"[] DEFAULT '{}' NOT NULL,
	"details" text,
	"corrections" jsonb,
	"opt_out_scopes" "opt_out_scope"[],
	"received_at" timestamp with time zone NOT NULL,
	"respond_by" date NOT NULL,
	"extension_notice_by" date,
	"clocks" jsonb NOT NULL,
	"closed_unverified_at" timestamp with time zone,
	"purged_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "requests_tracking_number_unique" UNIQUE("tracking_number")
);
--> statement-breakpoint
CREATE TABLE "subject_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "subject_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"phone" text,
	"account_id" text,
	"postal_code" text,
	"card_last4" text,
	"date_of_birth" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"code_hash" text NOT NULL,
	"level" "verification_level" NOT NULL,
	"data_points_needed" integer NOT NULL,
	"declaration_needed" boolean NOT NULL,
	"excluded_data_points" "data_point_kind"[] DEFAULT '{}' NOT NULL,
	"confirms_agent" boolean DEFAULT false NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"locked_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"matched_data_points" "data_point_kind"[],
	"declaration_text" text,
	"declared_name" text,
	"declared_at" timestamp with time zone,
	"declared_from_ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "verifications_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_documents" ADD CONSTRAINT "request_documents_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "request_documents_by_request" ON "request_documents" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "request_events_by_request" ON "request_events" USING btree ("request_id","at");--> statement-breakpoint
CREATE INDEX "requests_open_by_deadline" ON "requests" USING btree ("respond_by","received_at") WHERE status in ('received', 'verifying', 'in_review', 'awaiting_controller', 'fulfilling');--> statement-breakpoint
CREATE INDEX "requests_open_by_extension_notice" ON "requests" USING btree ("extension_notice_by") WHERE status in ('received', 'verifying', 'in_review', 'awaiting_controller', 'fulfilling');--> statement-breakpoint
CREATE INDEX "requests_subject_email" ON "requests" USING btree ("subject_email");--> statement-breakpoint
CREATE INDEX "subject_records_by_email" ON "subject_records" USING btree ("email");--> statement-breakpoint
CREATE INDEX "verifications_by_request" ON "verifications" USING btree ("request_id","created_at");