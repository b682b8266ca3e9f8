-- case: a type change that only changes the collation rebuilds the column's index, not the table
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c text);
INSERT INTO t SELECT g, 'x' || g FROM generate_series(1, 1000) g;
CREATE INDEX t_c ON t (c);
ANALYZE t;
-- statement:
ALTER TABLE t ALTER COLUMN c TYPE text COLLATE "C";
-- rule: ban-column-type-rewrite
