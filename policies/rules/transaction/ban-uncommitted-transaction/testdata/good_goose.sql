-- options: runner=goose transaction_mode=wrapped
-- goose commits its own transaction (the nested BEGIN is ban-nested-transaction's).
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
