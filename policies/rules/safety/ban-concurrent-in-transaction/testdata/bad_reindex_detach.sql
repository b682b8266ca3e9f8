-- options: runner=goose transaction_mode=wrapped pg_version=14
REINDEX INDEX CONCURRENTLY idx_orders_user; -- want "REINDEX CONCURRENTLY cannot run inside a transaction block"
ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY; -- want "DETACH PARTITION CONCURRENTLY cannot run inside a transaction block"
