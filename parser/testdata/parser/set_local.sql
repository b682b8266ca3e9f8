-- golden: runner=ddlgate
SET statement_timeout = 60000;
SET LOCAL lock_timeout = '5s';
ALTER TABLE t ADD COLUMN v int;
SET lock_timeout TO '1min';
SET LOCAL lock_timeout = DEFAULT;
ALTER TABLE t DROP COLUMN w;
COMMIT;
ALTER TABLE t ALTER COLUMN v SET NOT NULL;
BEGIN;
SET lock_timeout = '250ms';
ROLLBACK;
SET LOCAL statement_timeout = '1h';
RESET ALL;
SELECT 1;
SET SESSION lock_timeout = 'soon';
SELECT 2;
