-- options: runner=psql transaction_mode=none
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
BEGIN;
ALTER TABLE orders ADD COLUMN tag text;
ROLLBACK;
START TRANSACTION;
SELECT 1;
END;
