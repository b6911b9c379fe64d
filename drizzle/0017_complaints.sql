CREATE TYPE "public"."complaint_outcome" AS ENUM('upheld', 'partly_upheld', 'not_upheld');--> statement-breakpoint
CREATE TYPE "public"."complaint_status" AS ENUM('open', 'answered');--> statement-breakpoint
ALTER TYPE "public"."audit_subject" ADD VALUE 'complaint';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'complaint_received';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'complaint_deadlock_sent';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'complaint_answered';--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tracking_number" text NOT NULL,
	"request_id" uuid,
	"request_reference" text,
	"jurisdiction" "jurisdiction" NOT NULL,
	"language" "language" DEFAULT 'en' NOT NULL,
	"complainant_name" text NOT NULL,
	"complainant_email" text NOT NULL,
	"statement" text NOT NULL,
	"status" "complaint_status" DEFAULT 'open' NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"acknowledge_by" date NOT NULL,
	"acknowledge_basis" text NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"answer_by" date NOT NULL,
	"answer_basis" text NOT NULL,
	"deadlock_sent_at" timestamp with time zone,
	"outcome" "complaint_outcome",
	"explanation" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaints_tracking_number_unique" UNIQUE("tracking_number")
);
--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_answered_by_staff_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaints_open_by_deadline" ON "complaints" USING btree ("answer_by") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "complaints_by_request" ON "complaints" USING btree ("request_id");