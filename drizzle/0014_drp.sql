ALTER TYPE "public"."audit_subject" ADD VALUE 'drp_agent';--> statement-breakpoint
ALTER TYPE "public"."outbox_channel" ADD VALUE 'drp_callback';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'drp_agent_registered';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'drp_agent_changed';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'drp_agent_paired';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'drp_agent_pairing_refused';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'drp_agent_read';--> statement-breakpoint
ALTER TYPE "public"."intake_channel" ADD VALUE 'drp';--> statement-breakpoint
CREATE TABLE "drp_agents" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"verify_key" text NOT NULL,
	"web_url" text,
	"identity_assurance_url" text,
	"technical_contact" text,
	"business_contact" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"token_hash" text,
	"token_issued_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drp_agents_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "drp_agent_id" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "drp_agent_request_id" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "drp_status_callback" text;