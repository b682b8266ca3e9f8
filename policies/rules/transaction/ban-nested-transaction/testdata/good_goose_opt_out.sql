-- options: runner=goose transaction_mode=none
-- The file opts out of goose's transaction and manages its own.
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
