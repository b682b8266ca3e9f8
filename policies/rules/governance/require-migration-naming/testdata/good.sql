-- options: path=db/migrations/20240101120000_add_orders.up.sql format=golang-migrate
CREATE TABLE orders (id bigint PRIMARY KEY);
