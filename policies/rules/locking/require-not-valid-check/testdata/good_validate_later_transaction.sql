-- options: runner=psql
-- history: CREATE TABLE orders (id bigint PRIMARY KEY, amount int);
-- In autocommit each statement commits: VALIDATE takes its own, weaker lock.
ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_check;
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_amount_max CHECK (amount < 1000000) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_max;
COMMIT;
