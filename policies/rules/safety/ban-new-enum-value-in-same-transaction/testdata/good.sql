-- options: runner=psql transaction_mode=none
-- Autocommit: the value is committed before it is used.
ALTER TYPE order_state ADD VALUE 'refunded';
ALTER TABLE refunds ALTER COLUMN state SET DEFAULT 'refunded';
BEGIN;
ALTER TYPE order_state ADD VALUE 'void';
COMMIT;
UPDATE orders SET state = 'void' WHERE id = 1;
