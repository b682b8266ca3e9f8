-- Indexes on tables that already hold data block writes while they build.
CREATE INDEX idx_orders_user ON orders (user_id); -- want "CREATE INDEX takes a SHARE lock on public.orders"
create unique index idx_users_email on users (lower(email)); -- want "SHARE lock on public.users"
CREATE INDEX ON "public"."orders" (created_at); -- want "on public.orders: writes wait"

-- "Users" is another table than users: users already exists.
CREATE TABLE "Users" (id bigint PRIMARY KEY, email text);
CREATE INDEX idx_users_name ON users (name); -- want "on public.users"

-- A table of the same name in another schema does not make public.payments new.
CREATE TABLE billing.payments (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX idx_payments_user ON payments (user_id); -- want "on public.payments"
