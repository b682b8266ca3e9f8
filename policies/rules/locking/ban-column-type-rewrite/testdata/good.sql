ALTER TABLE orders ALTER COLUMN note TYPE text;
CREATE TABLE refunds (id bigint PRIMARY KEY, amount int);
ALTER TABLE refunds ALTER COLUMN amount TYPE bigint;
