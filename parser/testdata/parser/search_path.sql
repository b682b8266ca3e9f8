-- golden: runner=ddlgate
CREATE SCHEMA app;
CREATE TABLE app.foo (id bigint PRIMARY KEY, c text);
SET search_path TO app, public;
CREATE INDEX foo_c ON foo (c);
CREATE TABLE bar (id bigint);
ALTER TABLE users ADD COLUMN c text;
BEGIN;
SET LOCAL search_path = public;
CREATE INDEX foo_c2 ON foo (c);
COMMIT;
CREATE INDEX foo_c3 ON foo (c);
SELECT set_config('search_path', '"App", public', false);
SELECT pg_catalog.set_config('lock_timeout', '2s', true);
ALTER TABLE bar ADD COLUMN d int;
RESET search_path;
CREATE INDEX foo_c4 ON foo (c);
