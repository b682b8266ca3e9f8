-- options: runner=flyway transaction_mode=wrapped
BEGIN; -- want "BEGIN inside the transaction flyway runs the file in: PostgreSQL ignores it, and the file's COMMIT ends that transaction early"
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
