-- options: pg_version=12 runner=goose transaction_mode=wrapped
-- From PostgreSQL 12 ADD VALUE runs in a transaction block.
ALTER TYPE order_state ADD VALUE 'refunded';
