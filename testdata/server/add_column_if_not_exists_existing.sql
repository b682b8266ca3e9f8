-- case: ADD COLUMN IF NOT EXISTS of a column the table has does nothing (no NOT NULL scan)
-- setup:
CREATE TABLE t (id bigint PRIMARY KEY, c int NOT NULL);
-- statement:
ALTER TABLE t ADD COLUMN IF NOT EXISTS c int NOT NULL;
