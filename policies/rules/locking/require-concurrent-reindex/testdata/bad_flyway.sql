-- options: runner=flyway pg_version=12
REINDEX INDEX idx_orders_user; -- want "wait until it is rebuilt" help "^REINDEX INDEX CONCURRENTLY idx_orders_user; -- PostgreSQL 12\\+\n-- Move it to its own migration file, with `executeInTransaction=false` in a script configuration file"
