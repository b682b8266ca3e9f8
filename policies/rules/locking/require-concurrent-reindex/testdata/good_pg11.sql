-- options: pg_version=11
-- REINDEX CONCURRENTLY does not exist before PostgreSQL 12.
REINDEX INDEX idx_orders_user;
REINDEX TABLE orders;
