-- Nobody waits on a table created in this file.
CREATE TABLE users (id bigint PRIMARY KEY);
ALTER TABLE users ADD COLUMN nickname text;
CREATE INDEX ON "public"."users" (nickname);
-- Weak locks do not block reads or writes.
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;
UPDATE orders SET state = 'new' WHERE id = 1;
-- A lock_timeout is in effect.
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN note text;
DROP INDEX idx_orders_old;
