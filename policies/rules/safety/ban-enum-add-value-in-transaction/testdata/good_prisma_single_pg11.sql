-- options: pg_version=11 runner=prisma transaction_mode=implicit
-- A file of one statement is not wrapped in an implicit transaction.
ALTER TYPE order_state ADD VALUE 'refunded';
