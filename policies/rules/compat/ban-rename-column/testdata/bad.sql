ALTER TABLE users RENAME COLUMN email TO email_address; -- want "RENAME COLUMN email TO email_address on public.users breaks deployed code that still uses email"
ALTER TABLE "public"."orders" RENAME amount TO amount_cents; -- want "on public.orders"
