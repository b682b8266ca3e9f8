-- Tables created earlier in the same file have no readers or writers yet.
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, created_at timestamptz);
CREATE INDEX idx_orders_user ON orders (user_id);
CREATE INDEX idx_orders_created ON "public"."orders" (created_at);

CREATE TABLE public."Users" (id bigint PRIMARY KEY, email text);
CREATE INDEX idx_users_email ON "Users" (email);
