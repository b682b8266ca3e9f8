-- Objects created earlier in the same file have no readers or writers yet.
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX idx_orders_user ON orders (user_id);
REINDEX INDEX idx_orders_user;
REINDEX TABLE public.orders;
