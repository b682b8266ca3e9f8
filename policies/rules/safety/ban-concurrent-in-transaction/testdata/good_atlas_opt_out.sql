-- options: runner=atlas transaction_mode=none
-- The file opts out of its runner's transaction.
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
DROP INDEX CONCURRENTLY idx_orders_old;
