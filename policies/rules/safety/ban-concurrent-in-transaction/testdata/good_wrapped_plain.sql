-- options: runner=goose transaction_mode=wrapped
-- Without CONCURRENTLY nothing refuses the transaction (require-concurrent-index-creation judges the lock).
CREATE INDEX idx_orders_user ON orders (user_id);
DROP INDEX idx_orders_old;
