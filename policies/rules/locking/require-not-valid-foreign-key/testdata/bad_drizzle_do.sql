-- options: format=drizzle
-- drizzle-kit wraps each foreign key in a DO block: the statement inside
-- still validates under SHARE ROW EXCLUSIVE locks on both tables.
DO $$ BEGIN
 ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action; -- want "ADD FOREIGN KEY scans all of public.orders .* on public.orders and public.users"
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
--> statement-breakpoint
DO $$ BEGIN EXECUTE 'ALTER TABLE payments ADD FOREIGN KEY (order_id) REFERENCES orders (id)'; END $$; -- want "public.payments and public.orders"
