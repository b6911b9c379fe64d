CREATE TABLE "sign_in_failures" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "outbox_dead" ON "outbox" USING btree ("id") WHERE "outbox"."state" = 'dead';--> statement-breakpoint
-- Worth nothing after a crash, like the rate-limit counters, and written on every failed sign-in.
ALTER TABLE "sign_in_failures" SET UNLOGGED;
