-- history: CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at); CREATE TABLE events_2024 (id bigint, at date);
ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01'); -- want "ATTACH PARTITION scans all of public.events_2024 to check its partition bound while holding an ACCESS EXCLUSIVE lock on it"
