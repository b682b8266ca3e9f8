-- case: VALIDATE CONSTRAINT (check) takes SHARE UPDATE EXCLUSIVE and scans
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
ALTER TABLE t ADD CONSTRAINT k CHECK (c > 0) NOT VALID;
-- statement:
ALTER TABLE t VALIDATE CONSTRAINT k;
-- no_rule: require-not-valid-check
