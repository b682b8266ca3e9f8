-- options: runner=flyway
-- Flyway runs a script of CREATE/DROP INDEX CONCURRENTLY outside a transaction by itself.
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
DROP INDEX CONCURRENTLY idx_orders_old;
