-- case: an index on a temporary table is observed in the session's pg_temp schema
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
CREATE TEMP TABLE tt AS SELECT id FROM t;
CREATE INDEX tt_id ON tt (id);
