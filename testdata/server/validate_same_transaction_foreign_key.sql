-- case: VALIDATE in the transaction of its ADD FOREIGN KEY ... NOT VALID scans while ADD's SHARE ROW EXCLUSIVE locks are held
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
INSERT INTO users SELECT g FROM generate_series(1, 1000) g;
INSERT INTO orders SELECT g, g FROM generate_series(1, 1000) g;
ANALYZE users;
ANALYZE orders;
-- statement:
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;
-- rule: require-not-valid-foreign-key
