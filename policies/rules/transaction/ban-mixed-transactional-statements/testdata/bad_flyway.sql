-- options: runner=flyway
ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note); -- want "Flyway refuses this migration: the CREATE INDEX must run outside a transaction, the ALTER TABLE at line 2 inside one" help "Move the CREATE INDEX to a migration of its own"
