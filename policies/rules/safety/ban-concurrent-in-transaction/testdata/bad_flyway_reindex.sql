-- options: runner=flyway
-- Flyway does not detect REINDEX ... CONCURRENTLY: it runs the script in a transaction.
REINDEX INDEX CONCURRENTLY idx_orders_user; -- want "REINDEX CONCURRENTLY cannot run inside a transaction block: flyway runs the file in a transaction" help "`executeInTransaction=false`"
