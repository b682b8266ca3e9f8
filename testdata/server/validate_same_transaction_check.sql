-- case: VALIDATE in the transaction of its ADD CHECK ... NOT VALID scans while ADD's ACCESS EXCLUSIVE lock is held
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, n int);
INSERT INTO t SELECT g, g FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ADD CONSTRAINT t_n_positive CHECK (n > 0) NOT VALID;
ALTER TABLE t VALIDATE CONSTRAINT t_n_positive;
-- rule: require-not-valid-check
