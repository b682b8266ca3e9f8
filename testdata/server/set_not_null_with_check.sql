-- case: SET NOT NULL with a validated CHECK (c IS NOT NULL) skips the scan
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
ALTER TABLE t ADD CONSTRAINT c_nn CHECK (c IS NOT NULL);
-- statement:
ALTER TABLE t ALTER COLUMN c SET NOT NULL;
-- no_rule: require-safe-set-not-null
