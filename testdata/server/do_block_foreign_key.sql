-- case: a foreign key inside drizzle-kit's DO block validates under SHARE ROW EXCLUSIVE on both tables
-- The DO statement takes no lock of its own: its locks are those of the
-- statements of its body (statements whose parent is the DO).
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
INSERT INTO users SELECT g FROM generate_series(1, 1000) g;
INSERT INTO orders SELECT g, g FROM generate_series(1, 1000) g;
ANALYZE users;
ANALYZE orders;
-- statement:
DO $$ BEGIN
 ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
-- rule: require-not-valid-foreign-key
