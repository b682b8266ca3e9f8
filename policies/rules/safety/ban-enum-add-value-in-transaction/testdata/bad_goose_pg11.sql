-- options: pg_version=11 runner=goose transaction_mode=wrapped
ALTER TYPE order_state ADD VALUE 'refunded'; -- want "ALTER TYPE public.order_state ADD VALUE 'refunded' cannot run inside a transaction block before PostgreSQL 12: goose runs the file in a transaction"
ALTER TYPE "app"."State" ADD VALUE IF NOT EXISTS 'Done' BEFORE 'New'; -- want "ALTER TYPE app.State ADD VALUE 'Done'"
