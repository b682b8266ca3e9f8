-- case: SET LOGGED on an unlogged table rewrites it
-- setup:
CREATE UNLOGGED TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t SET LOGGED;
-- rule: ban-table-rewrite
