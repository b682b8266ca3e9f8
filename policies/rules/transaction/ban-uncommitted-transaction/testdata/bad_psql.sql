-- options: runner=psql transaction_mode=none
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
START TRANSACTION; -- want "START TRANSACTION opens a transaction that the file never commits"
ALTER TABLE orders ADD COLUMN tag text;
SAVEPOINT a;
ROLLBACK TO SAVEPOINT a;
