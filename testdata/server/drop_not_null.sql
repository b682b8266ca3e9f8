-- case: DROP NOT NULL takes ACCESS EXCLUSIVE, no scan
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int NOT NULL, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ALTER COLUMN c DROP NOT NULL;
-- rule: ban-drop-not-null
