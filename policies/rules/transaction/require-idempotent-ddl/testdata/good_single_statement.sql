-- options: runner=psql transaction_mode=none
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
