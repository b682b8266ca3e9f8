-- drizzle-kit wraps each foreign key in a DO block.
DO $$ BEGIN
 ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'orders_state') THEN
    EXECUTE 'CREATE INDEX orders_state ON orders (state)';
  END IF;
  CREATE TABLE audit (id bigint PRIMARY KEY);
  CREATE INDEX audit_id ON audit (id);
END
$$;
DO E'BEGIN ALTER TABLE orders ADD COLUMN note text; END';
DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'x'); END $$;
