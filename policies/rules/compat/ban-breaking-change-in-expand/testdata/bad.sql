-- ddlgate:phase expand change=orders-status-enum
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');
ALTER TABLE orders ADD COLUMN status_v2 order_status;
ALTER TABLE orders ALTER COLUMN status TYPE order_status USING status::order_status; -- want "ALTER COLUMN public.orders.status TYPE inside the expand phase of change orders-status-enum"
ALTER TABLE orders ALTER COLUMN status_v2 SET NOT NULL; -- want "SET NOT NULL on public.orders.status_v2 inside the expand phase"
