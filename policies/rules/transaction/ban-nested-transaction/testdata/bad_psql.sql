-- options: runner=psql transaction_mode=none
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
BEGIN; -- want "BEGIN inside the transaction opened at line 2: PostgreSQL ignores it, and the first COMMIT ends the outer transaction"
UPDATE orders SET note = '' WHERE id = 1;
COMMIT;
COMMIT;
