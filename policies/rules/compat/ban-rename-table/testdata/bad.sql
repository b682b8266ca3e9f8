ALTER TABLE users RENAME TO accounts; -- want "RENAME TO accounts on public.users breaks deployed code that still uses users"
ALTER TABLE IF EXISTS "app"."Orders" RENAME TO "Purchases"; -- want "RENAME TO Purchases on app.Orders"
-- "Items" is another table than items.
CREATE TABLE "Items" (id bigint PRIMARY KEY);
ALTER TABLE items RENAME TO products; -- want "on public.items"
