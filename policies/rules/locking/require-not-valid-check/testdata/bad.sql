ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0); -- want "ADD CHECK scans all of public.orders .* ACCESS EXCLUSIVE"
ALTER TABLE "public"."orders" ADD CHECK (state IN ('new', 'paid')); -- want "public.orders"
