-- case: A statement that rewrites a table reads it by the rewrite: an index build in the same ALTER is no separate scan
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ADD COLUMN d bigserial, ADD CONSTRAINT t_c_u UNIQUE (c);
-- rule: ban-add-column-rewrite
