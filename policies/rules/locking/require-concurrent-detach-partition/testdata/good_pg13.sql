-- options: pg_version=13
-- DETACH PARTITION CONCURRENTLY does not exist before PostgreSQL 14.
ALTER TABLE events DETACH PARTITION events_2020;
