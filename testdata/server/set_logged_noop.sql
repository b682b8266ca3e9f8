-- case: SET LOGGED on a table that is already logged rewrites nothing
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c text);
INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t SET LOGGED;
-- no_rule: ban-table-rewrite
