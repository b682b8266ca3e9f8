-- ddlgate:no-transaction
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON users (lower(email));
