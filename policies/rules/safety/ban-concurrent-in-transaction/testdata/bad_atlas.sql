-- options: runner=atlas transaction_mode=wrapped
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id); -- want "CREATE INDEX CONCURRENTLY cannot run inside a transaction block: atlas runs the file in a transaction" help "Move it to its own migration file that starts with `-- atlas:txmode none`\\."
DROP INDEX CONCURRENTLY idx_orders_old; -- want "DROP INDEX CONCURRENTLY cannot run inside a transaction block"
