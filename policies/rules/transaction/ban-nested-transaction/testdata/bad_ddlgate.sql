-- options: runner=ddlgate transaction_mode=wrapped
BEGIN; -- want "BEGIN inside the transaction ddlgate runs the file in: PostgreSQL ignores it, and the file's COMMIT ends that transaction early"
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
