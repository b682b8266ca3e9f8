-- case: DROP TRIGGER IF EXISTS of a trigger the table does not have takes no lock, even when the transaction holds one on the table
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ALTER COLUMN c SET STATISTICS 500;
DROP TRIGGER IF EXISTS no_such_trigger ON t;
