-- options: pg_version=11 runner=goose transaction_mode=wrapped
-- An enum created in the same transaction accepts new values.
CREATE TYPE order_state AS ENUM ('new');
ALTER TYPE order_state ADD VALUE 'refunded';
