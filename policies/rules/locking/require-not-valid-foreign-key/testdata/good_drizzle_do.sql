-- options: format=drizzle
-- A foreign key on a table the same file creates has nothing to scan, DO
-- block or not; NOT VALID inside the block is the safe form.
CREATE TABLE "orders" ("id" bigint PRIMARY KEY, "user_id" bigint);
--> statement-breakpoint
DO $$ BEGIN
 ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id");
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
--> statement-breakpoint
DO $$ BEGIN
 ALTER TABLE "payments" ADD CONSTRAINT "payments_order_fk" FOREIGN KEY ("order_id") REFERENCES "orders"("id") NOT VALID;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
