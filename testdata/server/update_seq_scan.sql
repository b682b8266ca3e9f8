-- case: UPDATE reads the table by its query, not a DDL scan, even under an ACCESS EXCLUSIVE lock an earlier statement of the transaction holds
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));
INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;
ANALYZE t;
-- statement:
ALTER TABLE t ADD COLUMN d int;
UPDATE t SET d = c;
-- rule: ban-unbounded-dml
-- rule: ban-backfill-in-ddl-transaction
