ALTER TABLE orders ALTER COLUMN amount TYPE bigint; -- want "ALTER COLUMN amount TYPE bigint rewrites public.orders and rebuilds its indexes"
ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2) USING total::numeric; -- want "TYPE numeric.12,2. rewrites public.orders"
