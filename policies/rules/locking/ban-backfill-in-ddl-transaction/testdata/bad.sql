-- options: runner=goose transaction_mode=wrapped
ALTER TABLE users ADD COLUMN email_lower text;
UPDATE users SET email_lower = lower(email); -- want "UPDATE of public.users runs in the same transaction as the ALTER TABLE at line 2, which holds an ACCESS EXCLUSIVE lock"
DELETE FROM "public"."orders" WHERE state = 'void'; -- want "DELETE of public.orders runs in the same transaction as the CREATE INDEX at line 5, which then takes a SHARE lock"
CREATE INDEX idx_orders_state ON orders (state);
