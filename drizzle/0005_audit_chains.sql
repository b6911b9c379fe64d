CREATE TYPE "public"."audit_subject" AS ENUM('staff', 'outbox_message', 'subject_records');--> statement-breakpoint
CREATE TYPE "public"."audit_action" AS ENUM('received', 'verification_started', 'ready_for_review', 'verified', 'verification_failed', 'verification_locked', 'verification_resent', 'verification_reminded', 'closed_unverified', 'personal_data_purged', 'document_filed', 'claimed', 'assigned', 'unassigned', 'note_added', 'information_requested', 'extended', 'denied', 'fulfilling', 'partly_fulfilling', 'completed', 'withdrawn', 'marked_duplicate', 'appeal_received', 'appeal_decided', 'staff_created', 'staff_role_changed', 'staff_token_issued', 'staff_tokens_revoked', 'staff_password_set', 'dead_letter_retried', 'subject_records_imported');--> statement-breakpoint
ALTER TYPE "public"."actor_type" ADD VALUE 'agent' BEFORE 'system';--> statement-breakpoint
CREATE TABLE "audit_chain_heads" (
	"chain" text PRIMARY KEY NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" text,
	"actor_role" "staff_role",
	"action" "audit_action" NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text,
	"hash" text,
	"subject_type" "audit_subject" NOT NULL,
	"subject_id" text NOT NULL
);
--> statement-breakpoint
DROP INDEX "request_events_by_request";--> statement-breakpoint
ALTER TABLE "request_events" ALTER COLUMN "action" SET DATA TYPE "public"."audit_action" USING "action"::"public"."audit_action";--> statement-breakpoint
ALTER TABLE "request_events" ADD COLUMN "actor_role" "staff_role";--> statement-breakpoint
ALTER TABLE "request_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "request_events" ADD COLUMN "hash" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "audit_head" text;--> statement-breakpoint
CREATE INDEX "audit_events_by_time" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_by_subject" ON "audit_events" USING btree ("subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "requests_one_open_minor_data_deletion" ON "requests" USING btree ("subject_email") WHERE status in ('received', 'verifying', 'in_review', 'awaiting_controller', 'fulfilling') and 'minor_data_deletion' = any(flags);--> statement-breakpoint
CREATE INDEX "request_events_by_request" ON "request_events" USING btree ("request_id","id");--> statement-breakpoint
-- One refusal for both trails, naming the table it guards.
CREATE OR REPLACE FUNCTION refuse_audit_trail_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_trail_change();--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_trail_change();--> statement-breakpoint
-- Every entry from now on is chained; entries written before this migration keep no hash (NOT VALID spares them).
ALTER TABLE request_events ADD CONSTRAINT request_events_chained
  CHECK (hash IS NOT NULL AND prev_hash IS NOT NULL) NOT VALID;--> statement-breakpoint
ALTER TABLE audit_events ADD CONSTRAINT audit_events_chained CHECK (hash IS NOT NULL AND prev_hash IS NOT NULL);
