-- options: runner=goose transaction_mode=none
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id); -- want "CREATE INDEX without IF NOT EXISTS"
DROP INDEX CONCURRENTLY idx_orders_old; -- want "DROP INDEX without IF EXISTS"
