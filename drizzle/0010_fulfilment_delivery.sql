CREATE TYPE "public"."subject_identifier_type" AS ENUM('email', 'phone', 'account_id');--> statement-breakpoint
CREATE TYPE "public"."suppression_scope" AS ENUM('deleted', 'sale', 'sharing', 'targeted_advertising', 'profiling', 'sensitive_data');--> statement-breakpoint
CREATE TYPE "public"."suppression_state" AS ENUM('suppressed', 'opted_in');--> statement-breakpoint
ALTER TYPE "public"."audit_subject" ADD VALUE 'suppressions';--> statement-breakpoint
ALTER TYPE "public"."outbox_channel" ADD VALUE 'connector';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'task_reported' BEFORE 'staff_created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'task_failed' BEFORE 'staff_created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'package_reissued' BEFORE 'staff_created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'package_downloaded' BEFORE 'staff_created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'correction_statement_filed' BEFORE 'staff_created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'task_records_uploaded' BEFORE 'staff_created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'data_system_token_issued';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'data_system_token_revoked';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'opt_in_recorded';--> statement-breakpoint
CREATE TABLE "access_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"link_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"download_limit" integer NOT NULL,
	"downloads" integer DEFAULT 0 NOT NULL,
	"issues" integer DEFAULT 1 NOT NULL,
	"code_hash" text,
	"code_sent_at" timestamp with time zone,
	"code_expires_at" timestamp with time zone,
	"code_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_download_at" timestamp with time zone,
	"records_purged_at" timestamp with time zone,
	CONSTRAINT "access_packages_request_id_unique" UNIQUE("request_id"),
	CONSTRAINT "access_packages_link_hash_unique" UNIQUE("link_hash")
);
--> statement-breakpoint
CREATE TABLE "correction_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"statement" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "correction_statements_request_id_unique" UNIQUE("request_id")
);
--> statement-breakpoint
CREATE TABLE "data_system_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"data_system_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "data_system_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "suppressions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "suppressions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"identifier_hash" text NOT NULL,
	"identifier_type" "subject_identifier_type" NOT NULL,
	"scope" "suppression_scope" NOT NULL,
	"state" "suppression_state" NOT NULL,
	"request_id" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "task_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"task_id" uuid NOT NULL,
	"category" text NOT NULL,
	"record" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_receipts" (
	"data_system_id" uuid NOT NULL,
	"webhook_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "webhook_receipts_data_system_id_webhook_id_pk" PRIMARY KEY("data_system_id","webhook_id")
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "correction_review" jsonb;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "access_packages" ADD CONSTRAINT "access_packages_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correction_statements" ADD CONSTRAINT "correction_statements_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_system_tokens" ADD CONSTRAINT "data_system_tokens_data_system_id_data_systems_id_fk" FOREIGN KEY ("data_system_id") REFERENCES "public"."data_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_records" ADD CONSTRAINT "task_records_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_receipts" ADD CONSTRAINT "webhook_receipts_data_system_id_data_systems_id_fk" FOREIGN KEY ("data_system_id") REFERENCES "public"."data_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "suppressions_by_identifier" ON "suppressions" USING btree ("identifier_hash","scope","id");--> statement-breakpoint
CREATE INDEX "task_records_by_task" ON "task_records" USING btree ("task_id","category","id");--> statement-breakpoint
CREATE INDEX "webhook_receipts_by_age" ON "webhook_receipts" USING btree ("received_at");