-- case: DROP SCHEMA locks no table of another schema
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
CREATE SCHEMA s;
-- statement:
DROP SCHEMA s;
-- rule: ban-drop-schema
