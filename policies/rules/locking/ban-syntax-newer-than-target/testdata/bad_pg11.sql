-- options: pg_version=11 runner=psql
REINDEX INDEX CONCURRENTLY idx_orders_user; -- want "REINDEX ... CONCURRENTLY needs PostgreSQL 12, and the target is PostgreSQL 11"
ALTER TABLE orders ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) STORED; -- want "GENERATED ALWAYS AS .*STORED needs PostgreSQL 12"
ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY; -- want "DETACH PARTITION ... CONCURRENTLY / FINALIZE needs PostgreSQL 14"
CREATE UNIQUE INDEX users_email ON users (email) NULLS NOT DISTINCT; -- want "UNIQUE NULLS NOT DISTINCT needs PostgreSQL 15"
MERGE INTO stock s USING deliveries d ON s.item = d.item WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty; -- want "MERGE needs PostgreSQL 15"
