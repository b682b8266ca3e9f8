-- case: ALTER INDEX ... RENAME takes SHARE UPDATE EXCLUSIVE on the index only (12+)
-- min_pg: 12
-- runner: psql
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c text);
INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g;
CREATE INDEX t_c ON t (c);
ANALYZE t;
-- statement:
ALTER INDEX t_c RENAME TO t_c_renamed;
-- no_rule: require-lock-timeout
