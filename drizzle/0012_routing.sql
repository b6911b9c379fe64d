ALTER TYPE "public"."audit_subject" ADD VALUE 'processor';--> statement-breakpoint
ALTER TYPE "public"."actor_type" ADD VALUE 'processor' BEFORE 'system';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'routed_to_controller' BEFORE 'staff_created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'forwarded_to_controller' BEFORE 'staff_created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'controller_unreachable' BEFORE 'staff_created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'controller_acknowledged' BEFORE 'staff_created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'controller_instructed' BEFORE 'staff_created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'scope_corrected' BEFORE 'staff_created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'gpc_signal_recorded' BEFORE 'controller_registered';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'controller_token_issued';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'controller_token_revoked';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'controller_read_request';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'processor_registered';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'processor_changed';--> statement-breakpoint
ALTER TYPE "public"."intake_channel" ADD VALUE 'processor';--> statement-breakpoint
ALTER TYPE "public"."request_outcome" ADD VALUE 'no_action';--> statement-breakpoint
ALTER TYPE "public"."request_outcome" ADD VALUE 'answered_by_controller';--> statement-breakpoint
CREATE TABLE "controller_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"controller_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "controller_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "processors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"signing_secret_sealed" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processors_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "controller_id" uuid;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "routed_from" uuid;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "forward_by" date;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "forwarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "controller_acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "controller_reference" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "controller_instructions" jsonb;--> statement-breakpoint
ALTER TABLE "controller_tokens" ADD CONSTRAINT "controller_tokens_controller_id_controllers_id_fk" FOREIGN KEY ("controller_id") REFERENCES "public"."controllers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_controller_id_controllers_id_fk" FOREIGN KEY ("controller_id") REFERENCES "public"."controllers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_routed_from_requests_id_fk" FOREIGN KEY ("routed_from") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "requests_routed_by_controller" ON "requests" USING btree ("controller_id","received_at","id") WHERE controller_id is not null;--> statement-breakpoint
CREATE INDEX "requests_parts" ON "requests" USING btree ("routed_from") WHERE routed_from is not null;