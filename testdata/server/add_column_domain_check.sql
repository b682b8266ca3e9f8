-- case: ADD COLUMN of a domain with a CHECK rewrites the table, without a default
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY);
INSERT INTO t SELECT g FROM generate_series(1, 1000) g;
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
ANALYZE t;
-- statement:
ALTER TABLE t ADD COLUMN score positive;
-- rule: ban-add-column-rewrite
