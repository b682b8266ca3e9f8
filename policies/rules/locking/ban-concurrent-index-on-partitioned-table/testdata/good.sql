-- options: runner=psql
-- history: CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at); CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- The recipe: ON ONLY the parent, each partition concurrently, then attach.
CREATE INDEX events_at_idx ON ONLY events (at);
CREATE INDEX CONCURRENTLY events_2024_at_idx ON events_2024 (at);
ALTER INDEX events_at_idx ATTACH PARTITION events_2024_at_idx;
