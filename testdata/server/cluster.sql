-- case: CLUSTER rewrites the table under ACCESS EXCLUSIVE
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE INDEX t_c ON t (c);
-- statement:
CLUSTER t USING t_c;
-- rule: ban-table-rewrite
