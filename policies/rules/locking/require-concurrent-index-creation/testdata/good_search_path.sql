-- SET search_path decides where an unqualified name resolves: foo is the
-- table this file created in app, new and empty.
CREATE SCHEMA app;
CREATE TABLE app.foo (id bigint PRIMARY KEY, c text);
SET search_path TO app;
CREATE INDEX foo_c ON foo (c);
BEGIN;
SELECT set_config('search_path', 'app, public', true);
CREATE INDEX foo_id_c ON foo (id, c);
COMMIT;
