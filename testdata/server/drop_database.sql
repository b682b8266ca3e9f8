-- case: DROP DATABASE cannot run in a transaction and locks no table
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
DROP DATABASE IF EXISTS ddlgate_no_such_database;
-- rule: ban-drop-database
