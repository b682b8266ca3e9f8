-- case: ADD COLUMN NOT NULL without default checks every row: it scans an empty table
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int);
-- statement:
ALTER TABLE t ADD COLUMN d int NOT NULL;
-- rule: require-default-for-not-null-column
