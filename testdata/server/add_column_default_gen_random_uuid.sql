-- case: ADD COLUMN DEFAULT gen_random_uuid() (volatile) rewrites the table
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, name text);
INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ADD COLUMN token uuid DEFAULT gen_random_uuid();
-- rule: ban-add-column-rewrite
