ALTER TYPE "public"."request_flag" ADD VALUE 'minor_sale_banned' BEFORE 'minor_data_deletion';--> statement-breakpoint
ALTER TYPE "public"."request_kind" ADD VALUE 'opt_in' BEFORE 'limit_sensitive';