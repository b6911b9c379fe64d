CREATE TYPE "public"."task_status" AS ENUM('pending', 'sent', 'done', 'failed', 'not_applicable');--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'task_closed' BEFORE 'staff_created';--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"data_system_id" uuid NOT NULL,
	"status" "task_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"due_on" date NOT NULL,
	"result" jsonb,
	"closed_reason" text,
	"closed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "tasks_one_per_system" UNIQUE("request_id","data_system_id")
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_data_system_id_data_systems_id_fk" FOREIGN KEY ("data_system_id") REFERENCES "public"."data_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_closed_by_staff_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_open_by_due" ON "tasks" USING btree ("due_on") WHERE "tasks"."status" not in ('done', 'not_applicable');