-- case: a CHECK (col IS NOT NULL) validated earlier in the same transaction spares SET NOT NULL its scan
-- setup:
CREATE TABLE t (id bigint, c text);
INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ADD CONSTRAINT t_c_not_null CHECK (c IS NOT NULL) NOT VALID;
ALTER TABLE t VALIDATE CONSTRAINT t_c_not_null;
ALTER TABLE t ALTER COLUMN c SET NOT NULL;
-- no_rule: require-safe-set-not-null
