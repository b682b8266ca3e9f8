-- case: ALTER COLUMN TYPE numeric(10,2) -> numeric(12,2) does not rewrite
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c numeric(10,2), v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ALTER COLUMN c TYPE numeric(12,2);
-- no_rule: ban-column-type-rewrite
