-- options: runner=goose transaction_mode=wrapped
BEGIN; -- want "BEGIN inside the transaction goose runs the file in: PostgreSQL ignores it, and the file's COMMIT ends that transaction early" help "opt the file out of it with `-- \\+goose NO TRANSACTION` if it must manage its own"
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
