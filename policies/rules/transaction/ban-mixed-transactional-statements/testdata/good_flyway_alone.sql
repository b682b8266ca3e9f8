-- options: runner=flyway
-- Only statements Flyway runs outside a transaction: it runs the script without one.
CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
DROP INDEX CONCURRENTLY orders_old_idx;
