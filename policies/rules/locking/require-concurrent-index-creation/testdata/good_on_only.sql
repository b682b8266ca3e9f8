-- history: CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
-- ON ONLY builds an (invalid) index on the parent alone: no rows to read.
CREATE INDEX events_at_idx ON ONLY events (at);
