-- options: runner=drizzle transaction_mode=wrapped
ALTER TABLE "users" ADD COLUMN "email_lower" text;--> statement-breakpoint
UPDATE "users" SET "email_lower" = lower("email"); -- want "UPDATE of public.users runs in the same transaction as the ALTER TABLE"
