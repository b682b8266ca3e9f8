-- options: runner=flyway force_transaction=true
-- executeInTransaction=true in the script's .sql.conf keeps it in a transaction.
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id); -- want "CREATE INDEX CONCURRENTLY cannot run inside a transaction block: flyway runs the file in a transaction" help "`executeInTransaction=false` in a script configuration file .*`V<version>__<name>\\.sql\\.conf`"
DROP INDEX CONCURRENTLY idx_orders_old; -- want "DROP INDEX CONCURRENTLY cannot run inside a transaction block"
