CREATE TYPE "public"."controller_key_kind" AS ENUM('account_id', 'tenant_id', 'email_domain', 'subject');--> statement-breakpoint
ALTER TYPE "public"."audit_subject" ADD VALUE 'controller';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'controller_registered';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'controller_changed';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'controller_secret_rotated';--> statement-breakpoint
CREATE TABLE "controller_keys" (
	"controller_id" uuid NOT NULL,
	"kind" "controller_key_kind" NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "controller_keys_once" UNIQUE("controller_id","kind","value")
);
--> statement-breakpoint
CREATE TABLE "controllers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legal_name" text NOT NULL,
	"contacts" jsonb NOT NULL,
	"may_be_named" boolean NOT NULL,
	"described_as" text NOT NULL,
	"webhook_url" text,
	"webhook_secret_sealed" text,
	"forwarding_business_days" integer DEFAULT 5 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "controllers_legal_name_unique" UNIQUE("legal_name")
);
--> statement-breakpoint
ALTER TABLE "controller_keys" ADD CONSTRAINT "controller_keys_controller_id_controllers_id_fk" FOREIGN KEY ("controller_id") REFERENCES "public"."controllers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "controller_keys_lookup" ON "controller_keys" USING btree ("kind","value");