-- options: runner=psql transaction_mode=none
CREATE TABLE audit_log (id bigint PRIMARY KEY); -- want "CREATE TABLE without IF NOT EXISTS runs outside a transaction"
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id); -- want "CREATE INDEX without IF NOT EXISTS"
CREATE INDEX ON orders (created_at); -- want "CREATE INDEX without IF NOT EXISTS"
ALTER TABLE orders ADD COLUMN note text; -- want "ALTER TABLE without IF NOT EXISTS"
ALTER TABLE orders DROP COLUMN legacy; -- want "ALTER TABLE without IF EXISTS"
DROP INDEX CONCURRENTLY idx_orders_old; -- want "DROP INDEX without IF EXISTS"
DROP VIEW legacy_orders; -- want "DROP VIEW without IF EXISTS"
