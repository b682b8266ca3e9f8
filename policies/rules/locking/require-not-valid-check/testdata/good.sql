-- options: runner=psql
-- In autocommit the VALIDATE runs in a transaction of its own.
ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_check;
CREATE TABLE refunds (id bigint PRIMARY KEY, amount int);
ALTER TABLE refunds ADD CONSTRAINT refunds_amount_check CHECK (amount > 0);
