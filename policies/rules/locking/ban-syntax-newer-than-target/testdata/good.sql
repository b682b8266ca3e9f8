-- options: pg_version=15 runner=psql
REINDEX INDEX CONCURRENTLY idx_orders_user;
ALTER TABLE orders ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) STORED;
CREATE UNIQUE INDEX users_email ON users (email) NULLS NOT DISTINCT;
MERGE INTO stock s USING deliveries d ON s.item = d.item WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty;
-- A function named like a keyword is not the syntax.
SELECT json_build_object('a', 1);
