-- options: runner=drizzle transaction_mode=wrapped
ALTER TYPE "public"."order_state" ADD VALUE 'refunded';--> statement-breakpoint
ALTER TABLE "refunds" ALTER COLUMN "state" SET DEFAULT 'refunded'; -- want "'refunded' was added to enum public.order_state"
