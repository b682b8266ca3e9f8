-- golden: runner=prisma
CREATE TABLE t (id bigint PRIMARY KEY);
ALTER TABLE t ADD COLUMN v int;
BEGIN;
UPDATE t SET v = 1;
COMMIT;
CREATE INDEX CONCURRENTLY t_v_idx ON t (v);
