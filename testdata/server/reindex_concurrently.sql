-- case: REINDEX TABLE CONCURRENTLY takes SHARE UPDATE EXCLUSIVE
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE INDEX t_c ON t (c);
-- statement:
REINDEX TABLE CONCURRENTLY t;
-- no_rule: require-concurrent-reindex
