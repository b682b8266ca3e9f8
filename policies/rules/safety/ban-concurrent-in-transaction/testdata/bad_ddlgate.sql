-- options: runner=ddlgate transaction_mode=wrapped
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id); -- want "CREATE INDEX CONCURRENTLY cannot run inside a transaction block: ddlgate runs the file in a transaction" help "starts with `-- ddlgate:no-transaction`"
DROP INDEX CONCURRENTLY idx_orders_old; -- want "DROP INDEX CONCURRENTLY cannot run inside a transaction block"
