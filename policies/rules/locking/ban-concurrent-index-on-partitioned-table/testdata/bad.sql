-- options: runner=psql
-- history: CREATE TABLE events (id bigint, at date, kind text) PARTITION BY RANGE (at); CREATE TABLE app."Logs" (id bigint) PARTITION BY LIST (id);
CREATE INDEX CONCURRENTLY events_at_idx ON events (at); -- want "CREATE INDEX CONCURRENTLY on the partitioned table public.events fails"
CREATE UNIQUE INDEX CONCURRENTLY ON app."Logs" (id); -- want "partitioned table app.Logs fails"
