ALTER TABLE users ADD COLUMN status text NOT NULL; -- want "ADD COLUMN status NOT NULL without a DEFAULT fails if public.users has any rows"
ALTER TABLE "public"."orders" ADD COLUMN code text PRIMARY KEY; -- want "ADD COLUMN code NOT NULL without a DEFAULT fails if public.orders"
CREATE TABLE "Users" (id bigint PRIMARY KEY);
ALTER TABLE users ADD COLUMN tier int NOT NULL; -- want "public.users"
