-- case: ADD COLUMN DEFAULT array_fill(...) (immutable) does not rewrite
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, name text);
INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ADD COLUMN counts int[] DEFAULT array_fill(0, ARRAY[3]);
-- no_rule: ban-add-column-rewrite
