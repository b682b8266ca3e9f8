-- case: ADD UNIQUE USING INDEX takes ACCESS EXCLUSIVE briefly, no scan
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE UNIQUE INDEX t_c_u ON t (c);
-- statement:
ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX t_c_u;
-- no_rule: ban-unique-constraint-build
