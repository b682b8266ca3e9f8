-- case: set_config('search_path', ..., true) lasts until the end of the transaction
-- setup:
CREATE SCHEMA app;
CREATE TABLE app.foo (id bigint PRIMARY KEY, c text);
CREATE TABLE public.foo (id bigint PRIMARY KEY, c text);
INSERT INTO app.foo SELECT g, 'x' FROM generate_series(1, 1000) g;
ANALYZE app.foo;
-- statement:
SELECT set_config('search_path', 'app', true);
ALTER TABLE foo ADD COLUMN d int;
