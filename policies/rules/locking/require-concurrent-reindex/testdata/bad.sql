REINDEX INDEX idx_orders_user; -- want "REINDEX INDEX takes an ACCESS EXCLUSIVE lock on index public.idx_orders_user"
REINDEX TABLE "public"."orders"; -- want "REINDEX TABLE takes a SHARE lock on public.orders"
reindex (verbose) table app."Users"; -- want "SHARE lock on app.Users"
REINDEX SCHEMA app; -- want "REINDEX SCHEMA locks every table"

-- "Orders" is another table than orders: orders already exists.
CREATE TABLE "Orders" (id bigint PRIMARY KEY);
REINDEX TABLE orders; -- want "on public.orders"
