-- options: pg_version=11 runner=goose transaction_mode=none
-- The file opts out of its runner's transaction.
ALTER TYPE order_state ADD VALUE 'refunded';
ALTER TYPE order_state ADD VALUE 'void';
