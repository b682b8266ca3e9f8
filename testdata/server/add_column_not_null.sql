-- case: ADD COLUMN NOT NULL without default fails on a table with rows
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ADD COLUMN d int NOT NULL;
-- fails: contains null values
-- rule: require-default-for-not-null-column
