-- options: format=drizzle runner=drizzle
-- history: CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
--> statement-breakpoint
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk; -- want "VALIDATE CONSTRAINT orders_user_fk runs in the transaction of its ADD ... NOT VALID at line 3, which holds SHARE ROW EXCLUSIVE on public.orders, SHARE ROW EXCLUSIVE on public.users"
