-- options: runner=goose transaction_mode=wrapped
-- CONCURRENTLY inside the runner's transaction fails: ban-concurrent-in-transaction
-- reports it, this rule stays silent.
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
