ALTER TABLE users ADD COLUMN nickname text; -- want "ALTER TABLE waits for an ACCESS EXCLUSIVE lock on public.users with no lock_timeout: while it waits, all reads and writes of it queue"
CREATE INDEX idx_orders_user ON "public"."orders" (user_id); -- want "CREATE INDEX waits for a SHARE lock on public.orders"
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES app."Users" (id) NOT VALID; -- want "SHARE ROW EXCLUSIVE lock on app.Users, public.orders"
SET lock_timeout = 0;
DROP TABLE legacy; -- want "DROP TABLE waits for an ACCESS EXCLUSIVE lock on public.legacy"
SET lock_timeout = '2s';
RESET lock_timeout;
TRUNCATE audit_log; -- want "TRUNCATE TABLE waits for an ACCESS EXCLUSIVE lock on public.audit_log"
