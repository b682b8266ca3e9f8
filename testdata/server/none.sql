-- case: ALTER TYPE ... ADD VALUE locks no table (12+: runs in a transaction)
-- min_pg: 12
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE TYPE mood AS ENUM ('sad', 'ok');
-- statement:
ALTER TYPE mood ADD VALUE 'meh';
