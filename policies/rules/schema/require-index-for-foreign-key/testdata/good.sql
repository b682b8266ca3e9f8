CREATE TABLE shop.orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES shop.customers (id),
  coupon_id bigint,
  CONSTRAINT orders_coupon_fk FOREIGN KEY (coupon_id) REFERENCES coupons (id)
);
CREATE INDEX orders_customer_id_idx ON shop.orders (customer_id, created_at);
CREATE INDEX orders_coupon_id_idx ON "shop"."orders" (coupon_id);
CREATE TABLE order_tags (
  order_id bigint REFERENCES shop.orders (id),
  tag text,
  PRIMARY KEY (order_id, tag)
);
CREATE TABLE profiles (id bigint PRIMARY KEY, user_id bigint UNIQUE REFERENCES users (id));
CREATE INDEX CONCURRENTLY payments_order_id_idx ON payments (order_id);
ALTER TABLE payments ADD CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES shop.orders (id) NOT VALID;
