CREATE TABLE shop.orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES shop.customers (id), -- want "foreign key shop.orders .customer_id. -> shop.customers has no index"
  coupon_id bigint,
  CONSTRAINT orders_coupon_fk FOREIGN KEY (coupon_id) REFERENCES coupons (id) -- want "foreign key shop.orders .coupon_id. -> public.coupons"
);
-- A partial index covers only some rows.
CREATE INDEX orders_coupon_live_idx ON shop.orders (coupon_id) WHERE coupon_id IS NOT NULL;
ALTER TABLE "Payments" ADD CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES shop.orders (id) NOT VALID; -- want "foreign key public.Payments .order_id. -> shop.orders"
-- An index on payments (unquoted) is not an index on "Payments".
CREATE INDEX CONCURRENTLY payments_order_id_idx ON payments (order_id);
ALTER TABLE refunds ADD COLUMN payment_id bigint REFERENCES "Payments"; -- want "foreign key public.refunds .payment_id. -> public.Payments"
