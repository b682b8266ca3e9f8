-- case: RENAME CONSTRAINT takes ACCESS EXCLUSIVE
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
ALTER TABLE t ADD CONSTRAINT k CHECK (c > 0);
-- statement:
ALTER TABLE t RENAME CONSTRAINT k TO k2;
