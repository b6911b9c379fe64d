CREATE TYPE "public"."data_system_reach" AS ENUM('webhook', 'manual', 'postgres');--> statement-breakpoint
ALTER TYPE "public"."audit_subject" ADD VALUE 'data_system';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'data_system_registered';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'data_system_changed';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'data_system_secret_rotated';--> statement-breakpoint
CREATE TABLE "data_systems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"owner_name" text NOT NULL,
	"owner_email" text NOT NULL,
	"request_kinds" "request_kind"[] NOT NULL,
	"categories" jsonb NOT NULL,
	"correctable_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"reach" "data_system_reach" NOT NULL,
	"webhook_url" text,
	"webhook_secret_sealed" text,
	"connection_url_sealed" text,
	"connection_target" text,
	"tables" jsonb,
	"enabled" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_systems_name_unique" UNIQUE("name"),
	CONSTRAINT "data_systems_webhook_reachable" CHECK (("data_systems"."reach" = 'webhook') = ("data_systems"."webhook_url" is not null and "data_systems"."webhook_secret_sealed" is not null)),
	CONSTRAINT "data_systems_postgres_reachable" CHECK (("data_systems"."reach" = 'postgres') = ("data_systems"."connection_url_sealed" is not null and "data_systems"."tables" is not null))
);
