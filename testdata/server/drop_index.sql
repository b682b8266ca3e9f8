-- case: DROP INDEX takes ACCESS EXCLUSIVE on the index and its table
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE INDEX t_c ON t (c);
-- statement:
DROP INDEX t_c;
-- rule: require-concurrent-index-deletion
