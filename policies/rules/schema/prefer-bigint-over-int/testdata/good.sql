CREATE TABLE shop.orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  quantity int NOT NULL,
  position smallint
);
CREATE TABLE line_items (
  order_id bigint NOT NULL,
  line bigint NOT NULL,
  PRIMARY KEY (order_id, line)
);
ALTER TABLE payments ADD COLUMN id bigserial;
ALTER TABLE payments ADD COLUMN attempts int NOT NULL DEFAULT 0;
