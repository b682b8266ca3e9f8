-- case: CREATE INDEX takes SHARE on the table and reads it
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
CREATE INDEX t_c ON t (c);
-- rule: require-concurrent-index-creation
