-- options: runner=atlas transaction_mode=wrapped
BEGIN; -- want "BEGIN inside the transaction atlas runs the file in: PostgreSQL ignores it, and the file's COMMIT ends that transaction early"
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
