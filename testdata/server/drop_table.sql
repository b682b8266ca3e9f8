-- case: DROP TABLE takes ACCESS EXCLUSIVE
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
DROP TABLE t;
-- rule: ban-drop-table
