-- history: CREATE SCHEMA app; CREATE TABLE app.foo (id bigint PRIMARY KEY, c text); CREATE TABLE public.foo (id bigint);
SET search_path TO app, public;
CREATE INDEX foo_c ON foo (c); -- want "SHARE lock on app.foo"
BEGIN;
SET LOCAL search_path TO public;
CREATE INDEX foo_id ON foo (id); -- want "SHARE lock on public.foo"
COMMIT;
CREATE INDEX foo_id_c ON foo (id, c); -- want "SHARE lock on app.foo"
