-- options: runner=flyway
-- Flyway refuses the script before running it: ban-mixed-transactional-statements says so.
ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX CONCURRENTLY idx_orders_note ON orders (note);
