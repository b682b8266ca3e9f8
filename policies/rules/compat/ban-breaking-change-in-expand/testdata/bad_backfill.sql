-- ddlgate:phase backfill change=orders-status-enum
UPDATE orders SET status_v2 = status::order_status WHERE id BETWEEN 1 AND 10000;
ALTER TABLE orders RENAME COLUMN status TO legacy_status; -- want "RENAME COLUMN public.orders.status inside the backfill phase"
