-- case: DROP VIEW takes ACCESS EXCLUSIVE on the view
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE VIEW tv AS SELECT id FROM t;
-- statement:
DROP VIEW tv;
