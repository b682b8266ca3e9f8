-- options: runner=goose transaction_mode=wrapped
ALTER TABLE orders ADD COLUMN note text; -- want "ALTER TABLE takes an ACCESS EXCLUSIVE lock on public.orders and holds it while 4 more statements run in the same transaction .up to line 6."
ALTER TABLE orders ADD COLUMN tag text;
CREATE INDEX idx_orders_note ON orders (note);
ALTER TABLE "app"."Users" DROP COLUMN legacy; -- want "lock on app.Users and holds it while 1 more statement runs"
UPDATE orders SET note = '' WHERE id < 1000;
