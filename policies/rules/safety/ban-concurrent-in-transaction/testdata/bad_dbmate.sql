-- options: runner=dbmate transaction_mode=wrapped
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id); -- want "CREATE INDEX CONCURRENTLY cannot run inside a transaction block: dbmate runs the file in a transaction" help "whose up section starts with `-- migrate:up transaction:false`"
DROP INDEX CONCURRENTLY idx_orders_old; -- want "DROP INDEX CONCURRENTLY cannot run inside a transaction block"
