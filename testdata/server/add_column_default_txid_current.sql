-- case: ADD COLUMN DEFAULT txid_current() (stable) does not rewrite
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, name text);
INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ADD COLUMN created_xid bigint DEFAULT txid_current();
-- no_rule: ban-add-column-rewrite
