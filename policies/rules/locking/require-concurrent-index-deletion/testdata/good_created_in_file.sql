CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX idx_orders_user ON orders (user_id);
DROP INDEX idx_orders_user;
CREATE INDEX idx_events_kind ON public.events (kind);
DROP INDEX "public"."idx_events_kind";
