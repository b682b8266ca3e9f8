-- options: runner=psql transaction_mode=none
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
DROP INDEX CONCURRENTLY idx_orders_old;
BEGIN;
CREATE INDEX idx_orders_state ON orders (state);
COMMIT;
