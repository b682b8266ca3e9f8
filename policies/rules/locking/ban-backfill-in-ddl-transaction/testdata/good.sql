-- options: runner=psql transaction_mode=none
-- Autocommit: the DDL commits before the backfill starts.
ALTER TABLE users ADD COLUMN email_lower text;
UPDATE users SET email_lower = lower(email) WHERE id < 10000;
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
DELETE FROM orders WHERE state = 'void';
