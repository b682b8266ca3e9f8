-- history: CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint); ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
-- The key was added NOT VALID by an earlier migration: the VALIDATE is the safe step.
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;
