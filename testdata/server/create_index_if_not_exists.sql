-- case: CREATE INDEX IF NOT EXISTS of an existing index takes SHARE and builds nothing
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE INDEX t_c ON t (c);
-- statement:
CREATE INDEX IF NOT EXISTS t_c ON t (c);
