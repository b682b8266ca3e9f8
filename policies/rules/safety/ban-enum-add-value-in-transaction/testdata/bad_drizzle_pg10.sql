-- options: pg_version=10 runner=drizzle transaction_mode=wrapped
ALTER TYPE "public"."order_state" ADD VALUE 'refunded'; -- want "drizzle-kit migrate runs all pending files in one transaction"
