-- options: runner=psql transaction_mode=none
CREATE TABLE IF NOT EXISTS audit_log (id bigint PRIMARY KEY);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user ON orders (user_id);
ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text, DROP COLUMN IF EXISTS legacy;
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_old;
ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;
-- Inside an explicit transaction the statements are atomic.
BEGIN;
CREATE TABLE events (id bigint PRIMARY KEY);
DROP TABLE legacy_events;
COMMIT;
