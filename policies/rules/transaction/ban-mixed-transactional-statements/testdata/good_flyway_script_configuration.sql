-- options: runner=flyway force_transaction=true
-- executeInTransaction=true in the .sql.conf: Flyway does not look at the
-- statements (ban-concurrent-in-transaction reports the index build).
ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
