-- options: runner=flyway mixed_allowed=true
-- flyway.mixed=true: the whole script runs outside a transaction.
ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
