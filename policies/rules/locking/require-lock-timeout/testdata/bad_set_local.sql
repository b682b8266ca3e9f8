-- options: runner=psql transaction_mode=none
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE users ADD COLUMN a text;
COMMIT;
-- SET LOCAL ended with its transaction.
ALTER TABLE users ADD COLUMN b text; -- want "no lock_timeout"
