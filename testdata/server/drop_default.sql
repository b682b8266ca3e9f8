-- case: DROP DEFAULT takes ACCESS EXCLUSIVE, no rewrite
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int DEFAULT 1, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ALTER COLUMN c DROP DEFAULT;
