-- case: ADD COLUMN with a stable default (now()) does not rewrite
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ADD COLUMN d timestamptz DEFAULT now();
-- no_rule: ban-add-column-rewrite
