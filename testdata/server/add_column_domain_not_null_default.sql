-- case: ADD COLUMN of a NOT NULL domain with a default rewrites the table
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY);
INSERT INTO t SELECT g FROM generate_series(1, 1000) g;
CREATE DOMAIN required AS int NOT NULL;
ANALYZE t;
-- statement:
ALTER TABLE t ADD COLUMN score required DEFAULT 1;
-- rule: ban-add-column-rewrite
