CREATE INDEX idx_orders_user ON orders (user_id); -- want "CREATE INDEX locks public.orders with no statement_timeout"
ALTER TABLE "app"."Orders" VALIDATE CONSTRAINT orders_user_fk; -- want "ALTER TABLE locks app.Orders with no statement_timeout"
SET statement_timeout = 0;
ALTER TABLE users ALTER COLUMN id TYPE bigint; -- want "ALTER TABLE locks public.users"
