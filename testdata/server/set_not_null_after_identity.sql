-- case: SET NOT NULL on a column made NOT NULL by identity does not scan
-- setup:
CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY, c text);
INSERT INTO t (c) SELECT 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ALTER COLUMN id SET NOT NULL;
-- no_rule: require-safe-set-not-null
