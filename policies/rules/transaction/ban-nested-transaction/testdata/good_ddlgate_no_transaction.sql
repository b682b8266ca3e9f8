-- options: runner=ddlgate transaction_mode=wrapped
-- ddlgate:no-transaction
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
