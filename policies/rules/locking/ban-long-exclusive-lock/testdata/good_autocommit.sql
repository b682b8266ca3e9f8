-- options: runner=psql transaction_mode=none
-- Each statement commits on its own.
ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX CONCURRENTLY idx_orders_note ON orders (note);
BEGIN;
ALTER TABLE orders ADD COLUMN tag text;
COMMIT;
UPDATE orders SET tag = '' WHERE id < 1000;
