-- history: CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at); CREATE TABLE events_2024 (id bigint, at date); ALTER TABLE events_2024 ADD CONSTRAINT events_2024_bound CHECK (at IS NOT NULL AND at >= '2024-01-01' AND at < '2025-01-01') NOT VALID; ALTER TABLE events_2024 VALIDATE CONSTRAINT events_2024_bound;
-- The validated CHECK proves the bound: no scan. A partition created in
-- the same file is empty.
ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 (id bigint, at date);
ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
