-- options: runner=dbmate transaction_mode=wrapped
BEGIN; -- want "BEGIN inside the transaction dbmate runs the file in: PostgreSQL ignores it, and the file's COMMIT ends that transaction early"
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
