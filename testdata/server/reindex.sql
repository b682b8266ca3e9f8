-- case: REINDEX TABLE takes SHARE on the table and rebuilds its indexes
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE INDEX t_c ON t (c);
-- statement:
REINDEX TABLE t;
-- rule: require-concurrent-reindex
