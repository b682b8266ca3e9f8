-- options: runner=psql transaction_mode=none
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
BEGIN;
CREATE INDEX CONCURRENTLY idx_orders_state ON orders (state); -- want "the file opens one with BEGIN" help "^Remove the BEGIN/COMMIT around it\\.$"
COMMIT;
DROP INDEX CONCURRENTLY idx_orders_old;
