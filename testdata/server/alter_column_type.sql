-- case: ALTER COLUMN TYPE int -> bigint rewrites the table under ACCESS EXCLUSIVE
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ALTER COLUMN c TYPE bigint;
-- rule: ban-column-type-rewrite
