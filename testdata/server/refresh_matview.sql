-- case: REFRESH MATERIALIZED VIEW takes ACCESS EXCLUSIVE on the view
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE MATERIALIZED VIEW mv AS SELECT id, c FROM t;
CREATE UNIQUE INDEX mv_id ON mv (id);
-- statement:
REFRESH MATERIALIZED VIEW mv;
-- rule: require-concurrent-refresh
