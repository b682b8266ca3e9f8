-- case: SET search_path decides the table an unqualified CREATE INDEX locks
-- setup:
CREATE SCHEMA app;
CREATE TABLE app.foo (id bigint PRIMARY KEY, c text);
CREATE TABLE public.foo (id bigint PRIMARY KEY, c text);
INSERT INTO app.foo SELECT g, 'x' FROM generate_series(1, 1000) g;
ANALYZE app.foo;
-- statement:
SET search_path TO app, public;
CREATE INDEX foo_c ON foo (c);
-- rule: require-concurrent-index-creation
