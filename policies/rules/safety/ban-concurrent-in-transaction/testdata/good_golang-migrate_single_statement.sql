-- options: runner=golang-migrate transaction_mode=implicit
-- A file of one statement is not wrapped in an implicit transaction.
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
