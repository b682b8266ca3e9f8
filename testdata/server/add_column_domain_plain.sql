-- case: ADD COLUMN of a domain without constraints does not rewrite
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY);
INSERT INTO t SELECT g FROM generate_series(1, 1000) g;
CREATE DOMAIN label AS int;
ANALYZE t;
-- statement:
ALTER TABLE t ADD COLUMN score label;
-- no_rule: ban-add-column-rewrite
