-- case: CREATE TABLE locks no existing table
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
CREATE TABLE u (id bigint PRIMARY KEY, note text);
