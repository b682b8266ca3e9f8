-- options: runner=drizzle transaction_mode=wrapped
START TRANSACTION; -- want "START TRANSACTION inside the transaction drizzle-kit migrate runs all pending files in"
ALTER TABLE "orders" ADD COLUMN "note" text;
COMMIT;
