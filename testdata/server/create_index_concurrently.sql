-- case: CREATE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE and cannot run in a transaction
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
CREATE INDEX CONCURRENTLY t_c ON t (c);
-- no_rule: require-concurrent-index-creation
