-- case: ADD CHECK NOT VALID does not scan
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ADD CONSTRAINT k CHECK (c > 0) NOT VALID;
-- no_rule: require-not-valid-check
