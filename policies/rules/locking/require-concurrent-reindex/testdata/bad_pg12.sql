-- options: pg_version=12
REINDEX INDEX idx_orders_user; -- want "REINDEX INDEX takes an ACCESS EXCLUSIVE lock"
