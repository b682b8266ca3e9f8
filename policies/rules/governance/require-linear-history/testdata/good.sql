-- options: path=migrations/0003_orders.sql
CREATE TABLE orders (id bigint PRIMARY KEY);
