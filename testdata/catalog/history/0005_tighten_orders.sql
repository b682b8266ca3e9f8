ALTER TABLE orders ALTER COLUMN status TYPE varchar(80);
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12, 2);
ALTER TABLE orders ALTER COLUMN code TYPE text;
ALTER TABLE orders ALTER COLUMN created_at TYPE timestamptz;
ALTER TABLE orders ALTER COLUMN code TYPE bigint USING code::bigint;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
    FOREIGN KEY (customer_id) REFERENCES "Customers" (id) NOT VALID;
CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
ALTER TABLE refunds ALTER COLUMN order_id TYPE bigint;
ALTER TABLE legacy_invoices ALTER COLUMN total TYPE numeric(12, 2);
