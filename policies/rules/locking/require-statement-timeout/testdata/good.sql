CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE INDEX idx_users_email ON users (email);
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
UPDATE orders SET state = 'new' WHERE id = 1;
SET statement_timeout = '1min';
CREATE INDEX idx_orders_state ON orders (state);
