-- case: SET NOT NULL on a column made NOT NULL by table primary key does not scan
-- setup:
CREATE TABLE t (id bigint, c text, CONSTRAINT t_pk PRIMARY KEY (id));
INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ALTER COLUMN id SET NOT NULL;
-- no_rule: require-safe-set-not-null
