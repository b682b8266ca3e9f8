-- options: runner=goose transaction_mode=wrapped
-- The lock is taken last: COMMIT follows at once.
CREATE TABLE users (id bigint PRIMARY KEY);
ALTER TABLE users ADD COLUMN email text;
CREATE INDEX idx_orders_state ON orders (state);
UPDATE orders SET state = 'new' WHERE id < 1000;
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN note text;
