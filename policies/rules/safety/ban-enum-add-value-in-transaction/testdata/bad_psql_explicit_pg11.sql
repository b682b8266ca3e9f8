-- options: pg_version=11 runner=psql transaction_mode=none
ALTER TYPE order_state ADD VALUE 'void';
BEGIN;
ALTER TYPE order_state ADD VALUE 'refunded'; -- want "the file opens one with BEGIN"
COMMIT;
