ALTER TYPE "public"."request_kind" ADD VALUE 'third_party_list';--> statement-breakpoint
ALTER TYPE "public"."request_kind" ADD VALUE 'question_profiling';--> statement-breakpoint
ALTER TYPE "public"."request_kind" ADD VALUE 'restriction';--> statement-breakpoint
ALTER TYPE "public"."request_kind" ADD VALUE 'objection';