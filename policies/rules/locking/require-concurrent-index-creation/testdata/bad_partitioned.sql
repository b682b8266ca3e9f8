-- history: CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
-- The help is the recipe that works on a partitioned table, never CONCURRENTLY.
CREATE INDEX events_at_idx ON events (at); -- want "CREATE INDEX on the partitioned table public.events takes a SHARE lock on it and on every partition"
