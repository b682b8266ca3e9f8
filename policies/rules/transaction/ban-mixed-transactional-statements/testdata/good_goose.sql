-- options: runner=goose
-- Only Flyway refuses a mixed script.
ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
