-- options: runner=goose transaction_mode=wrapped
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id); -- want "CREATE INDEX CONCURRENTLY cannot run inside a transaction block: goose runs the file in a transaction" help "starts with `-- \\+goose NO TRANSACTION`"
DROP INDEX CONCURRENTLY idx_orders_old; -- want "DROP INDEX CONCURRENTLY cannot run inside a transaction block"
