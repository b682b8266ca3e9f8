-- case: ALTER COLUMN TYPE varchar(10) -> text does not rewrite
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ALTER COLUMN v TYPE text;
-- no_rule: ban-column-type-rewrite
