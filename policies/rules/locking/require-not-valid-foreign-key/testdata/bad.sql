ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id); -- want "ADD FOREIGN KEY scans all of public.orders .* SHARE ROW EXCLUSIVE locks on public.orders and public.users"
ALTER TABLE "public"."payments" ADD FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE; -- want "public.payments and public.orders"
ALTER TABLE invoices ADD COLUMN customer_id bigint REFERENCES customers (id); -- want "ADD COLUMN customer_id REFERENCES scans all of public.invoices"
ALTER TABLE orders
  ADD COLUMN shop_id bigint,
  ADD CONSTRAINT fk_orders_shop FOREIGN KEY (shop_id) REFERENCES shops (id); -- want "ADD FOREIGN KEY scans all of public.orders .* on public.orders and public.shops"
