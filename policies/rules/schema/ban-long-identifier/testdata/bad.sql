CREATE TABLE customer_subscription_billing_period_adjustment_history_entries_ ( -- want "identifier \"customer_subscription_billing_period_adjustment_history_entries_\" is 64 bytes"
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "adjustment_reason_code_as_reported_by_the_upstream_billing_system" text -- want "identifier .* is 65 bytes"
);
CREATE INDEX order_items_customer_reference_and_product_reference_and_created_idx ON order_items (customer_ref, product_ref, created_at); -- want "identifier .* is 68 bytes"
ALTER TABLE orders ADD CONSTRAINT orders_customer_reference_must_match_the_billing_account_reference_fk FOREIGN KEY (customer_ref) REFERENCES customers (ref) NOT VALID; -- want "identifier .* is 69 bytes"
ALTER TABLE orders RENAME COLUMN note TO "note_written_by_the_customer_at_checkout_time_in_the_storefront_ui"; -- want "identifier .* is 66 bytes"
CREATE TABLE t ("éééééééééééééééééééééééééééééééé" int); -- want "identifier .* is 64 bytes"
ALTER TABLE customer_subscription_billing_period_adjustment_history_entries_ ADD COLUMN reported_once int;
