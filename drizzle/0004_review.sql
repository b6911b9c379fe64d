CREATE TYPE "public"."appeal_outcome" AS ENUM('upheld', 'reversed', 'partly_reversed');--> statement-breakpoint
CREATE TYPE "public"."denial_ground" AS ENUM('identity_not_verified', 'regulatory_obligation', 'legal_matters', 'disproportionate_effort', 'manifestly_unfounded_or_excessive', 'deletion_exception', 'trade_secrets_or_others_rights', 'pseudonymous_data');--> statement-breakpoint
CREATE TYPE "public"."request_outcome" AS ENUM('fulfilled', 'partly_fulfilled', 'denied');--> statement-breakpoint
ALTER TYPE "public"."document_kind" ADD VALUE 'intake_scan';--> statement-breakpoint
ALTER TYPE "public"."request_status" ADD VALUE 'duplicate' BEFORE 'appeal_received';--> statement-breakpoint
CREATE TABLE "appeals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"respond_by" date NOT NULL,
	"respond_by_basis" text NOT NULL,
	"statement" text NOT NULL,
	"outcome" "appeal_outcome",
	"explanation" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeals_request_id_unique" UNIQUE("request_id")
);
--> statement-breakpoint
CREATE TABLE "staff_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"staff_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "staff_sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
DROP INDEX "requests_open_by_deadline";--> statement-breakpoint
ALTER TABLE "request_events" ADD COLUMN "rules_version" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "rules_version" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "assignee_id" uuid;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "extended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "duplicate_of" uuid;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "outcome" "request_outcome";--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "denial_ground" "denial_ground";--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "decision_explanation" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "decided_by" uuid;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "appeal_by" date;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "password_hash" text;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_decided_by_staff_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_sessions" ADD CONSTRAINT "staff_sessions_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeals_open_by_deadline" ON "appeals" USING btree ("respond_by") WHERE decided_at is null;--> statement-breakpoint
CREATE INDEX "staff_sessions_by_staff" ON "staff_sessions" USING btree ("staff_id");--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_assignee_id_staff_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_duplicate_of_requests_id_fk" FOREIGN KEY ("duplicate_of") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_decided_by_staff_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_by_request" ON "outbox" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "request_events_by_time" ON "request_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "requests_open_by_assignee" ON "requests" USING btree ("assignee_id","respond_by","received_at","id") WHERE status in ('received', 'verifying', 'in_review', 'awaiting_controller', 'fulfilling');--> statement-breakpoint
CREATE INDEX "requests_open_unassigned" ON "requests" USING btree ("respond_by","received_at","id") WHERE status in ('received', 'verifying', 'in_review', 'awaiting_controller', 'fulfilling') and assignee_id is null;--> statement-breakpoint
CREATE INDEX "requests_open_flagged" ON "requests" USING btree ("respond_by","received_at","id") WHERE status in ('received', 'verifying', 'in_review', 'awaiting_controller', 'fulfilling') and cardinality(flags) > 0;--> statement-breakpoint
CREATE INDEX "requests_answered_by_status" ON "requests" USING btree ("status","respond_by","received_at","id") WHERE not (status in ('received', 'verifying', 'in_review', 'awaiting_controller', 'fulfilling'));--> statement-breakpoint
CREATE INDEX "requests_tracking_number_prefix" ON "requests" USING btree ("tracking_number" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "requests_open_by_deadline" ON "requests" USING btree ("respond_by","received_at","id") WHERE status in ('received', 'verifying', 'in_review', 'awaiting_controller', 'fulfilling');