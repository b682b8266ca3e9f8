-- case: ALTER COLUMN TYPE ... USING rewrites
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ALTER COLUMN v TYPE varchar(20) USING v || 'y';
-- rule: ban-column-type-rewrite
