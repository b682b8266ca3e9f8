-- options: runner=golang-migrate transaction_mode=implicit
-- BEGIN turns the implicit transaction of a multi-statement query explicit.
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
