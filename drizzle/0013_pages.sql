CREATE TYPE "public"."language" AS ENUM('en', 'es');--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "language" "language" DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "name" text;--> statement-breakpoint
CREATE INDEX "requests_submitter_email" ON "requests" USING btree ("submitter_email");