-- history: CREATE TABLE events (id bigint); CREATE UNLOGGED TABLE staging (id bigint);
ALTER TABLE staging SET LOGGED; -- want "SET LOGGED rewrites .*public.staging"
ALTER TABLE events SET UNLOGGED; -- want "SET UNLOGGED rewrites .*public.events"
