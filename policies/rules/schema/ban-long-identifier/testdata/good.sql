-- 63 bytes: the longest name PostgreSQL keeps whole.
CREATE TABLE customer_subscription_billing_period_adjustment_history_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  adjustment_reason text
);
CREATE INDEX order_items_customer_product_created_idx ON order_items (customer_ref, product_ref, created_at);
-- 31 two-byte characters: 62 bytes.
CREATE TABLE t ("ééééééééééééééééééééééééééééééé" int);
-- Long expressions and literals are not identifiers.
COMMENT ON TABLE orders IS 'a very long comment that goes on and on well beyond sixty-three bytes of text';
