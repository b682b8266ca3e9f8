-- ddlgate:phase expand change=orders-status-enum
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');
ALTER TABLE orders ADD COLUMN status_v2 order_status;
CREATE INDEX CONCURRENTLY orders_status_v2_idx ON orders (status_v2);
