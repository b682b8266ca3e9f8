-- options: runner=goose
-- history: CREATE TABLE orders (id bigint PRIMARY KEY, amount int);
-- goose wraps the file in one transaction: ADD's ACCESS EXCLUSIVE lock is
-- still held while VALIDATE scans.
ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_check; -- want "VALIDATE CONSTRAINT orders_amount_check runs in the transaction of its ADD ... NOT VALID at line 5, which holds ACCESS EXCLUSIVE on public.orders"
