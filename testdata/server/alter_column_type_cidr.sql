-- case: ALTER COLUMN TYPE cidr -> inet does not rewrite
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, a cidr);
INSERT INTO t SELECT g, '10.0.0.0/8' FROM generate_series(1, 1000) g;
-- statement:
ALTER TABLE t ALTER COLUMN a TYPE inet;
-- no_rule: ban-column-type-rewrite
