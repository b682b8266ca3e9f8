-- case: ADD COLUMN with a constant default (11+) does not rewrite
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ADD COLUMN d int NOT NULL DEFAULT 0;
-- no_rule: ban-add-column-rewrite
