-- case: SET NOT NULL on a nullable column scans the table under ACCESS EXCLUSIVE
-- setup:
CREATE TABLE t (id bigint, c text);
INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ALTER COLUMN c SET NOT NULL;
-- rule: require-safe-set-not-null
